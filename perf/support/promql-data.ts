/**
 * Deterministic synthetic data for perf/promql-range.ts: a request counter and a classic latency
 * histogram of an LLM serving fleet, sampled every 15 s on exact 15 s boundaries. Values depend
 * only on the seed and the step index, so every run (and both stores) sees the same numbers.
 */
import type { Labels } from "@/lib/model";

/** Scrape interval of the data and step of the queries. */
export const STEP_MS = 15_000;
/** Status codes of the counter family, with the share of requests each gets. */
export const CODES = ["200", "400", "429", "500"] as const;
const CODE_SHARE = [0.9, 0.04, 0.05, 0.01];
/** Bucket bounds of the histogram family. */
export const LES = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf"] as const;
const LE_BOUNDS = LES.map((le) => (le === "+Inf" ? Infinity : Number(le)));
// Latency is log-normal around 0.8 s, wide enough to reach most buckets.
const LAT_MU = Math.log(0.8);
const LAT_SIGMA = 0.9;
const DAY_STEPS = (24 * 3600_000) / STEP_MS;

/** The generated series and their values, `values[i][k]` being series i at step k. */
export interface Dataset {
  /** Timestamps of the first and last sample (ms); step k is at startMs + k * STEP_MS. */
  startMs: number;
  endMs: number;
  steps: number;
  /** `llm_requests_total` series first, then `llm_request_latency_seconds_bucket` series. */
  labels: Labels[];
  values: Float64Array[];
  counterSeries: number;
  bucketSeries: number;
  counterInstances: number;
  histogramInstances: number;
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26), for the buckets' starting counts. */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Daily load shape: quiet nights, busy afternoons. */
function diurnal(step: number, phase: number): number {
  return 1 + 0.5 * Math.sin((2 * Math.PI * step) / DAY_STEPS + phase);
}

/**
 * The step an instance restarts at (counters back to zero), or -1. Never in the first 10 minutes:
 * there 5m windows reach back before the data, and for a counter near zero in such a window
 * Prometheus 2.42 extrapolates differently from 3.x (and Headroom), which clamp at half a step first.
 */
function restartStep(r: () => number, steps: number): number {
  const earliest = 40;
  return steps > earliest ? earliest + Math.floor(r() * (steps - earliest)) : -1;
}

const instanceName = (i: number) => `replica-${String(i).padStart(4, "0")}`;

/**
 * Counters start high (long-lived processes) and each instance restarts once, so rate() sees
 * resets, and extrapolation towards zero only where a window is full (see restartStep).
 */
function counterFamily(instances: number, steps: number, seed: number, labels: Labels[], values: Float64Array[]): void {
  for (let inst = 0; inst < instances; inst++) {
    const r = rng(seed * 7919 + inst);
    const rps = 2 + 18 * r();
    const phase = r() * 2 * Math.PI;
    const restart = restartStep(r, steps);
    CODES.forEach((code, c) => {
      const v = new Float64Array(steps);
      let total = Math.floor((0.5 + r()) * 1e6 * CODE_SHARE[c]);
      for (let k = 0; k < steps; k++) {
        const inc = Math.floor(rps * diurnal(k, phase) * CODE_SHARE[c] * 15 * (0.5 + r()));
        total = k === restart ? inc : total + inc;
        v[k] = total;
      }
      labels.push({ __name__: "llm_requests_total", job: "llm", instance: instanceName(inst), code });
      values.push(v);
    });
  }
}

/** Cumulative `le` buckets fed by log-normal latencies; restarts as the counters do. */
function histogramFamily(instances: number, steps: number, seed: number, labels: Labels[], values: Float64Array[]): void {
  for (let inst = 0; inst < instances; inst++) {
    const r = rng(seed * 104729 + inst);
    const rps = 0.2 + 1.8 * r();
    const phase = r() * 2 * Math.PI;
    const restart = restartStep(r, steps);
    const history = Math.floor((0.5 + r()) * 1e6);
    const counts = LE_BOUNDS.map((le) => (le === Infinity ? history : Math.floor(history * normalCdf((Math.log(le) - LAT_MU) / LAT_SIGMA))));
    const cols = LES.map(() => new Float64Array(steps));
    for (let k = 0; k < steps; k++) {
      if (k === restart) counts.fill(0);
      const n = Math.floor(rps * diurnal(k, phase) * 15 * (0.5 + r()));
      for (let o = 0; o < n; o++) {
        // Box-Muller; 1 - r() keeps the logarithm finite.
        const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
        const latency = Math.exp(LAT_MU + LAT_SIGMA * g);
        for (let b = 0; b < LE_BOUNDS.length; b++) if (latency <= LE_BOUNDS[b]) counts[b]++;
      }
      for (let b = 0; b < LES.length; b++) cols[b][k] = counts[b];
    }
    LES.forEach((le, b) => {
      labels.push({ __name__: "llm_request_latency_seconds_bucket", job: "llm", instance: instanceName(inst), le });
      values.push(cols[b]);
    });
  }
}

/**
 * About `seriesPerQuery` counter series (instances x 4 codes) and as many bucket series
 * (instances x 10 buckets), `hours` of 15 s samples ending at `endMs` (rounded down to 15 s).
 */
export function generateDataset(opts: { seriesPerQuery: number; hours: number; endMs: number; seed?: number }): Dataset {
  const seed = opts.seed ?? 1;
  const steps = Math.max(1, Math.round((opts.hours * 3600_000) / STEP_MS));
  const endMs = Math.floor(opts.endMs / STEP_MS) * STEP_MS;
  const counterInstances = Math.max(1, Math.ceil(opts.seriesPerQuery / CODES.length));
  const histogramInstances = Math.max(1, Math.ceil(opts.seriesPerQuery / LES.length));
  const labels: Labels[] = [];
  const values: Float64Array[] = [];
  counterFamily(counterInstances, steps, seed, labels, values);
  const counterSeries = labels.length;
  histogramFamily(histogramInstances, steps, seed, labels, values);
  return {
    startMs: endMs - (steps - 1) * STEP_MS,
    endMs,
    steps,
    labels,
    values,
    counterSeries,
    bucketSeries: labels.length - counterSeries,
    counterInstances,
    histogramInstances,
  };
}

/** Total samples in the dataset. */
export function sampleCount(ds: Dataset): number {
  return ds.labels.length * ds.steps;
}

function renderLabels(labels: Labels): { name: string; rest: string } {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    if (k !== "__name__") parts.push(`${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  }
  return { name: labels.__name__, rest: `{${parts.join(",")}}` };
}

/**
 * OpenMetrics text of steps [from, to) for `promtool tsdb create-blocks-from openmetrics`:
 * each series' samples in time order, timestamps in seconds, `# EOF` last. Yields pieces of
 * about 1 MB so a caller can stream them to a file.
 */
export function* openMetricsText(ds: Dataset, from: number, to: number): Generator<string> {
  yield "# TYPE llm_requests counter\n";
  let buf = "";
  let typedHistogram = false;
  for (let i = 0; i < ds.labels.length; i++) {
    if (i >= ds.counterSeries && !typedHistogram) {
      buf += "# TYPE llm_request_latency_seconds histogram\n";
      typedHistogram = true;
    }
    const { name, rest } = renderLabels(ds.labels[i]);
    const prefix = name + rest + " ";
    const v = ds.values[i];
    for (let k = from; k < to; k++) buf += `${prefix}${v[k]} ${(ds.startMs + k * STEP_MS) / 1000}\n`;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = "";
    }
  }
  yield buf + "# EOF\n";
}
