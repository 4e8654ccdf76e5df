/**
 * From raw per-request timestamps to the figures of one load level: TTFT, TPOT, ITL and E2E
 * distributions, throughputs, failures by cause and goodput. Pure; definitions follow vLLM's
 * `bench serve` (docs/bench.md maps them to guidellm and llmperf).
 */
import { hasObjectives, meetsSlo, type Slo } from "./goodput";
import { describe, type Distribution } from "./stats";
import { failureKey, type RequestRecord, type TargetTiming } from "./types";

/** The latency figures of one successful request. */
export interface RequestMetrics {
  /** Send to first output chunk. */
  ttftMs: number;
  /** (e2e − ttft) / (output tokens − 1); 0 when there is at most one output token, as in vLLM. */
  tpotMs: number;
  /** Gaps between consecutive output chunks. */
  itlMs: number[];
  e2eMs: number;
}

/** The metrics of a successful request; null for a failed one or one without output chunks. */
export function requestMetrics(r: TargetTiming): RequestMetrics | null {
  if (r.error || r.chunkMs.length === 0) return null;
  const ttftMs = r.chunkMs[0];
  const itlMs = new Array<number>(r.chunkMs.length - 1);
  for (let i = 1; i < r.chunkMs.length; i++) itlMs[i - 1] = r.chunkMs[i] - r.chunkMs[i - 1];
  const tpotMs = r.outputTokens > 1 ? (r.e2eMs - ttftMs) / (r.outputTokens - 1) : 0;
  return { ttftMs, tpotMs, itlMs, e2eMs: r.e2eMs };
}

/** Goodput of a level under an SLO. */
export interface Goodput {
  slo: Slo;
  /** Successful requests that met every objective. */
  good: number;
  /** good / all measured requests (failed ones included). */
  ratio: number;
  /** Good requests per second of the level's window. */
  perSecond: number;
}

/** Everything measured at one load level (warm-up and canceled requests excluded). */
export interface LevelSummary {
  /** Measured requests that finished, successfully or not. */
  requests: number;
  completed: number;
  failed: number;
  /** Requests cut short by a stop condition or cancellation; not counted anywhere else. */
  canceled: number;
  /** Failed requests by cause: `http_429`, `http_500`, `timeout`, `connection`, `malformed_stream`, `stream_error`. */
  failures: Record<string, number>;
  errorRatio: number;
  /** From the first measured send to the last measured response's end. */
  durationS: number;
  requestThroughput: number;
  outputThroughput: number;
  totalTokenThroughput: number;
  /** Totals over successful requests (server usage figures where given). */
  inputTokens: number;
  outputTokens: number;
  ttftMs: Distribution | null;
  /** Over requests with more than one output token. */
  tpotMs: Distribution | null;
  /** Pooled over every gap of every successful request. */
  itlMs: Distribution | null;
  e2elMs: Distribution | null;
  /** How late requests left against their schedule (rate and trace loads); null otherwise. */
  scheduleLagMs: Distribution | null;
  goodput: Goodput | null;
}

/** Summarises a level's measured records; `slo` adds goodput. */
export function summarizeLevel(records: readonly RequestRecord[], slo?: Slo | null): LevelSummary {
  const ttft: number[] = [];
  const tpot: number[] = [];
  const itl: number[] = [];
  const e2el: number[] = [];
  const lag: number[] = [];
  const failures: Record<string, number> = {};
  let completed = 0;
  let failed = 0;
  let canceled = 0;
  let good = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let start = Infinity;
  let end = -Infinity;
  const checkSlo = hasObjectives(slo);
  for (const r of records) {
    if (r.error?.cause === "canceled") {
      canceled++;
      continue;
    }
    start = Math.min(start, r.sentMs);
    end = Math.max(end, r.sentMs + r.e2eMs);
    if (r.scheduledMs !== null) lag.push(r.sentMs - r.scheduledMs);
    const m = requestMetrics(r);
    if (!m) {
      failed++;
      const key = r.error ? failureKey(r.error) : "malformed_stream";
      failures[key] = (failures[key] ?? 0) + 1;
      continue;
    }
    completed++;
    inputTokens += r.promptTokens;
    outputTokens += r.outputTokens;
    ttft.push(m.ttftMs);
    if (r.outputTokens > 1) tpot.push(m.tpotMs);
    for (const gap of m.itlMs) itl.push(gap);
    e2el.push(m.e2eMs);
    if (checkSlo && meetsSlo(m, slo)) good++;
  }
  const requests = completed + failed;
  const durationS = requests > 0 ? (end - start) / 1000 : 0;
  const per = (n: number) => (durationS > 0 ? n / durationS : 0);
  return {
    requests,
    completed,
    failed,
    canceled,
    failures,
    errorRatio: requests > 0 ? failed / requests : 0,
    durationS,
    requestThroughput: per(completed),
    outputThroughput: per(outputTokens),
    totalTokenThroughput: per(inputTokens + outputTokens),
    inputTokens,
    outputTokens,
    ttftMs: describe(ttft),
    tpotMs: describe(tpot),
    itlMs: describe(itl),
    e2elMs: describe(e2el),
    scheduleLagMs: describe(lag),
    goodput: checkSlo ? { slo, good, ratio: requests > 0 ? good / requests : 0, perSecond: per(good) } : null,
  };
}
