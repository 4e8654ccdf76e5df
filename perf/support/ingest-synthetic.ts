/**
 * Synthetic vLLM-like targets for perf/ingest-vs-prometheus.ts: 1,000 series per target (six
 * served models with nine histograms, token and request counters and gauges each, plus process
 * and Python metrics), in the text format 0.0.4 as Python's prometheus_client writes it.
 *
 * Every value is a pure function of (target, series, tick), so any process can render any scrape,
 * two scrapers see the same data, and the disk comparison can replay hours without a clock.
 */

/** Ticks count from here, so counters have realistic magnitudes rather than Date.now()'s. */
export const TICK_BASE_MS = Date.UTC(2025, 0, 1);
/** Series each synthetic target exposes (report series such as `up` come on top). */
export const SERIES_PER_TARGET = 1000;

const MODELS = ["deepseek-r1-distill-qwen-7b", "qwen2.5-7b-instruct", "lora-support-en", "lora-support-zh", "lora-sql", "lora-summarize"];
const LATENCY_LE = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50];
const HISTOGRAMS: { name: string; help: string; le: number[]; median: number; mean: number }[] = [
  { name: "e2e_request_latency_seconds", help: "Histogram of end to end request latency in seconds.", le: LATENCY_LE, median: 4, mean: 6.173 },
  { name: "time_to_first_token_seconds", help: "Histogram of time to first token in seconds.", le: [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5], median: 0.12, mean: 0.1873 },
  { name: "time_per_output_token_seconds", help: "Histogram of time per output token in seconds.", le: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5], median: 0.03, mean: 0.0419 },
  { name: "request_queue_time_seconds", help: "Histogram of time spent in WAITING phase for request.", le: LATENCY_LE, median: 0.4, mean: 0.7761 },
  { name: "request_inference_time_seconds", help: "Histogram of time spent in RUNNING phase for request.", le: LATENCY_LE, median: 3.6, mean: 5.4217 },
  { name: "request_prefill_time_seconds", help: "Histogram of time spent in PREFILL phase for request.", le: LATENCY_LE, median: 0.35, mean: 0.5123 },
  { name: "request_decode_time_seconds", help: "Histogram of time spent in DECODE phase for request.", le: LATENCY_LE, median: 3.2, mean: 4.9094 },
  { name: "request_prompt_tokens", help: "Number of prefill tokens processed.", le: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000], median: 600, mean: 1187.3 },
  { name: "request_generation_tokens", help: "Number of generation tokens processed.", le: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000], median: 250, mean: 431.9 },
];

/** One exposed series: its name, labels as written, and its value at a tick. */
export interface SyntheticSeries {
  name: string;
  /** `{a="b",...}` or "" */
  labelText: string;
  labels: Record<string, string>;
  value(tick: number): number;
}

/** A metric family: the `# HELP`/`# TYPE` header and its series in exposition order. */
export interface SyntheticFamily {
  name: string;
  type: "counter" | "gauge" | "histogram";
  help: string;
  series: SyntheticSeries[];
}

/** A deterministic number in [0, 1) from three integers (a murmur-style mix). */
function noise(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(c | 0, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

// Monotonic by construction: floor(r * (t + u)) with u in [0, 1) never decreases as t grows.
function counter(seed: number, rate: number): (tick: number) => number {
  return (t) => Math.floor(rate * (t + noise(seed, 1, t)));
}

function wave(seed: number, base: number, amp: number, periodTicks: number, t: number): number {
  return base + amp * Math.sin((2 * Math.PI * t) / periodTicks + seed);
}

// Standard normal CDF (Abramowitz-Stegun 7.1.26), for log-normal bucket fractions.
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * z);
  const erf = 1 - k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function series(name: string, labels: Record<string, string>, value: (tick: number) => number): SyntheticSeries {
  return { name, labels, labelText: labelText(labels), value };
}

/** The families of target number `target` (0-based); the same target always gets the same data. */
export function targetFamilies(target: number): SyntheticFamily[] {
  let seed = target * 10_000;
  const next = () => ++seed;
  const fams: SyntheticFamily[] = [];
  for (const h of HISTOGRAMS) {
    const fam: SyntheticFamily = { name: `vllm:${h.name}`, type: "histogram", help: h.help, series: [] };
    MODELS.forEach((model, m) => {
      const count = counter(next(), 0.5 + m * 0.7);
      // Cumulative buckets: a fixed log-normal share of the count, so they rise with it and in le.
      for (const le of h.le) {
        const share = phi(Math.log(le / h.median));
        fam.series.push(series(`${fam.name}_bucket`, { model_name: model, le: String(le) }, (t) => Math.floor(count(t) * share)));
      }
      fam.series.push(series(`${fam.name}_bucket`, { model_name: model, le: "+Inf" }, count));
      fam.series.push(series(`${fam.name}_sum`, { model_name: model }, (t) => count(t) * h.mean));
      fam.series.push(series(`${fam.name}_count`, { model_name: model }, count));
    });
    fams.push(fam);
  }
  const counters: [string, string, number, Record<string, string>?][] = [
    ["request_success_total", "Count of successfully processed requests.", 2.5, { finished_reason: "stop" }],
    ["request_success_total", "", 0.4, { finished_reason: "length" }],
    ["request_success_total", "", 0.05, { finished_reason: "abort" }],
    ["prompt_tokens_total", "Number of prefill tokens processed.", 2000],
    ["generation_tokens_total", "Number of generation tokens processed.", 900],
    ["num_preemptions_total", "Cumulative number of preemption from the engine.", 0.02],
  ];
  for (const [name, help, rate, extra] of counters) {
    let fam = fams.find((f) => f.name === `vllm:${name}`);
    if (!fam) fams.push((fam = { name: `vllm:${name}`, type: "counter", help, series: [] }));
    for (const model of MODELS) fam.series.push(series(fam.name, { model_name: model, ...extra }, counter(next(), rate)));
  }
  const gauges: [string, string, (s: number, t: number) => number][] = [
    ["num_requests_running", "Number of requests currently running on GPU.", (s, t) => Math.max(0, Math.round(wave(s, 8, 6, 240, t) + (noise(s, 2, t) - 0.5) * 3))],
    ["num_requests_waiting", "Number of requests waiting to be processed.", (s, t) => Math.max(0, Math.round(wave(s, 1, 3, 240, t) + (noise(s, 2, t) - 0.5) * 2))],
    ["num_requests_swapped", "Number of requests swapped to CPU.", () => 0],
    ["gpu_cache_usage_perc", "GPU KV-cache usage. 1 means 100 percent usage.", (s, t) => Math.round(wave(s, 3000, 2000, 240, t) + noise(s, 2, t) * 40) / 8192],
    ["cpu_cache_usage_perc", "CPU KV-cache usage. 1 means 100 percent usage.", () => 0],
    ["gpu_prefix_cache_hit_rate", "GPU prefix cache block hit rate.", (s, t) => 0.41 + 0.05 * Math.sin(t / 500 + s) + noise(s, 3, t) * 1e-4],
  ];
  for (const [name, help, fn] of gauges) {
    const fam: SyntheticFamily = { name: `vllm:${name}`, type: "gauge", help, series: [] };
    for (const model of MODELS) {
      const s = next();
      fam.series.push(series(fam.name, { model_name: model }, (t) => fn(s, t)));
    }
    fams.push(fam);
  }
  const s = next();
  const start = 1735689600.25 + target;
  fams.push(
    { name: "process_cpu_seconds_total", type: "counter", help: "Total user and system CPU time spent in seconds.", series: [series("process_cpu_seconds_total", {}, (t) => Math.round((t + noise(s, 4, t)) * 130) / 100)] },
    { name: "process_resident_memory_bytes", type: "gauge", help: "Resident memory size in bytes.", series: [series("process_resident_memory_bytes", {}, (t) => 4096 * Math.round(wave(s, 2_100_000, 3000, 720, t)))] },
    { name: "process_virtual_memory_bytes", type: "gauge", help: "Virtual memory size in bytes.", series: [series("process_virtual_memory_bytes", {}, () => 4096 * 9_400_000)] },
    { name: "process_start_time_seconds", type: "gauge", help: "Start time of the process since unix epoch in seconds.", series: [series("process_start_time_seconds", {}, () => start)] },
    { name: "process_open_fds", type: "gauge", help: "Number of open file descriptors.", series: [series("process_open_fds", {}, (t) => 48 + Math.round(noise(s, 5, t) * 3))] },
    { name: "process_max_fds", type: "gauge", help: "Maximum number of open file descriptors.", series: [series("process_max_fds", {}, () => 1048576)] },
    {
      name: "python_gc_objects_collected_total",
      type: "counter",
      help: "Objects collected during gc",
      series: [0, 1, 2].map((g) => series("python_gc_objects_collected_total", { generation: String(g) }, counter(next(), [40, 3, 0.2][g]))),
    },
    { name: "python_info", type: "gauge", help: "Python platform information", series: [series("python_info", { implementation: "CPython", major: "3", minor: "12", patchlevel: "7", version: "3.12.7" }, () => 1)] },
  );
  const total = fams.reduce((n, f) => n + f.series.length, 0);
  if (total !== SERIES_PER_TARGET) throw new Error(`synthetic target has ${total} series, expected ${SERIES_PER_TARGET}`);
  return fams;
}

// Python's repr: integral floats keep a ".0", as prometheus_client writes them.
function fmt(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** The tick a scrape at wall-clock `ms` sees: values change once per scrape interval. */
export function tickAt(ms: number, intervalMs: number): number {
  return Math.floor((ms - TICK_BASE_MS) / intervalMs);
}

/** The /metrics body of a target at a tick. */
export function renderExposition(fams: SyntheticFamily[], tick: number): string {
  let out = "";
  for (const f of fams) {
    out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.series) out += `${s.name}${s.labelText} ${fmt(s.value(tick))}\n`;
  }
  return out;
}
