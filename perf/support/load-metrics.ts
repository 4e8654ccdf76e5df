/**
 * Synthetic vLLM-like targets for perf/load-viewers.ts: per served model, a latency and a TTFT
 * histogram, request counters by HTTP code, token counters and queue/KV-cache gauges; filler
 * gauges make up the requested series count. Every value is a pure function of (target, series,
 * tick), so the target server and the history pre-load agree without sharing state.
 */

/** Ticks count from here, so counters have realistic magnitudes. */
export const TICK_BASE_MS = Date.UTC(2025, 0, 1);
/** Series per served model; a target needs at least this many. */
export const SERIES_PER_MODEL = 38;

const MODEL_NAMES = ["deepseek-r1-distill-qwen-7b", "qwen2.5-7b-instruct", "llama-3.1-8b-instruct", "mistral-7b-instruct", "lora-support-en", "lora-sql", "lora-summarize"];
const LATENCY_LE = [0.25, 0.5, 1, 1.5, 2, 2.5, 5, 7.5, 10, 15, 20, 30];
const TTFT_LE = [0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4];
// HTTP status shares of requests; 5xx about 1.5%, so the error-ratio panel is not flat zero.
const CODES: [string, number][] = [["200", 0.94], ["400", 0.02], ["429", 0.025], ["500", 0.01], ["503", 0.005]];

/** One exposed series. */
export interface LoadSeries {
  name: string;
  /** `{a="b",...}` or "" */
  labelText: string;
  value(tick: number): number;
}

/** A metric family: header and its series in exposition order. */
export interface LoadFamily {
  name: string;
  type: "counter" | "gauge" | "histogram";
  help: string;
  series: LoadSeries[];
}

function noise(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(c | 0, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

// Monotonic by construction: floor(r * (t + u)) with u in [0, 1) never decreases as t grows.
function counter(seed: number, perTick: number): (tick: number) => number {
  return (t) => Math.floor(perTick * (t + noise(seed, 1, t)));
}

// Standard normal CDF (Abramowitz-Stegun 7.1.26), for log-normal bucket shares.
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * z);
  const erf = 1 - k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

function text(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function histogram(name: string, help: string, le: number[], median: number, mean: number, models: string[], perTick: number[], seed: () => number): LoadFamily {
  const fam: LoadFamily = { name, type: "histogram", help, series: [] };
  models.forEach((model, m) => {
    const count = counter(seed(), perTick[m]);
    for (const b of le) {
      const share = phi(Math.log(b / median) / 0.8);
      fam.series.push({ name: `${name}_bucket`, labelText: text({ model_name: model, le: String(b) }), value: (t) => Math.floor(count(t) * share) });
    }
    fam.series.push({ name: `${name}_bucket`, labelText: text({ model_name: model, le: "+Inf" }), value: count });
    fam.series.push({ name: `${name}_sum`, labelText: text({ model_name: model }), value: (t) => count(t) * mean });
    fam.series.push({ name: `${name}_count`, labelText: text({ model_name: model }), value: count });
  });
  return fam;
}

/** The families of target `target` (0-based) with `series` series in all, scraped every `intervalMs`. */
export function loadFamilies(target: number, series: number, intervalMs: number): LoadFamily[] {
  if (series < SERIES_PER_MODEL) throw new Error(`--series must be at least ${SERIES_PER_MODEL} (one model's worth), got ${series}`);
  const nModels = Math.floor(series / SERIES_PER_MODEL);
  const models = Array.from({ length: nModels }, (_, m) => MODEL_NAMES[m] ?? `model-${m}`);
  let seed = target * 100_000;
  const next = () => ++seed;
  const secs = intervalMs / 1000;
  // Requests per tick per model: 0.5 to ~3 req/s, varying by target and model.
  const reqs = models.map((_, m) => (0.5 + ((target * 7 + m * 3) % 11) * 0.25) * secs);
  const fams: LoadFamily[] = [
    histogram("vllm:e2e_request_latency_seconds", "End to end request latency in seconds.", LATENCY_LE, 2.2, 3.1, models, reqs, next),
    histogram("vllm:time_to_first_token_seconds", "Time to first token in seconds.", TTFT_LE, 0.12, 0.19, models, reqs, next),
  ];
  const http: LoadFamily = { name: "vllm:http_requests_total", type: "counter", help: "Requests by HTTP status code.", series: [] };
  models.forEach((model, m) => {
    for (const [code, share] of CODES) http.series.push({ name: http.name, labelText: text({ model_name: model, code }), value: counter(next(), reqs[m] * share) });
  });
  fams.push(http);
  const tokens: [string, string, number][] = [
    ["vllm:prompt_tokens_total", "Prefill tokens processed.", 1200],
    ["vllm:generation_tokens_total", "Generation tokens processed.", 420],
  ];
  for (const [name, help, perReq] of tokens) {
    fams.push({ name, type: "counter", help, series: models.map((model, m) => ({ name, labelText: text({ model_name: model }), value: counter(next(), reqs[m] * perReq) })) });
  }
  const gauges: [string, string, (s: number, t: number) => number][] = [
    ["vllm:num_requests_running", "Requests running on GPU.", (s, t) => Math.max(0, Math.round(8 + 6 * Math.sin(t / 40 + s) + (noise(s, 2, t) - 0.5) * 3))],
    ["vllm:num_requests_waiting", "Requests waiting to be processed.", (s, t) => Math.max(0, Math.round(1 + 3 * Math.sin(t / 40 + s) + (noise(s, 2, t) - 0.5) * 2))],
    ["vllm:gpu_cache_usage_perc", "GPU KV-cache usage, 1 is 100 percent.", (s, t) => Math.round(3000 + 2000 * Math.sin(t / 40 + s) + noise(s, 3, t) * 40) / 8192],
  ];
  for (const [name, help, fn] of gauges) {
    fams.push({
      name,
      type: "gauge",
      help,
      series: models.map((model) => {
        const s = next();
        return { name, labelText: text({ model_name: model }), value: (t: number) => fn(s, t) };
      }),
    });
  }
  const filler = series - nModels * SERIES_PER_MODEL;
  if (filler > 0) {
    const name = "load_filler_info";
    fams.push({ name, type: "gauge", help: "Filler series that bring the target to the requested size.", series: Array.from({ length: filler }, (_, i) => ({ name, labelText: text({ i: String(i) }), value: () => i })) });
  }
  const total = fams.reduce((n, f) => n + f.series.length, 0);
  if (total !== series) throw new Error(`internal: built ${total} series, wanted ${series}`);
  return fams;
}

/** The tick a scrape at wall-clock `ms` sees: values change once per scrape interval. */
export function tickAt(ms: number, intervalMs: number): number {
  return Math.floor((ms - TICK_BASE_MS) / intervalMs);
}

/** The /metrics body of a target at a tick (text format 0.0.4). */
export function renderLoadExposition(fams: LoadFamily[], tick: number): string {
  let out = "";
  for (const f of fams) {
    out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.series) out += `${s.name}${s.labelText} ${s.value(tick)}\n`;
  }
  return out;
}
