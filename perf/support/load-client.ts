/**
 * Simulated dashboard viewers for perf/load-viewers.ts. Each viewer is a browser tab: its own
 * keep-alive connections (at most six, as browsers allow per origin over HTTP/1.1), a random
 * phase, a refresh every few seconds that fires every panel's range query at once, and a page
 * load every minute. A refresh still running when the next is due makes the viewer skip that one,
 * as dashboards do, so an overloaded server sees a bounded number of requests in flight.
 */
import http from "node:http";

/** One panel query of the dashboard. */
export interface Panel {
  name: string;
  expr: string;
}

/** The dashboard: P50/P95/P99 latency (one panel, three queries), error ratio, rate by model, queue, tokens/s, up. */
export const PANELS: Panel[] = [
  { name: "latency p50", expr: "histogram_quantile(0.5, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))" },
  { name: "latency p95", expr: "histogram_quantile(0.95, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))" },
  { name: "latency p99", expr: "histogram_quantile(0.99, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))" },
  { name: "error ratio", expr: 'sum(rate(vllm:http_requests_total{code=~"5.."}[5m])) / sum(rate(vllm:http_requests_total[5m]))' },
  { name: "req/s by model", expr: "sum by (model_name) (rate(vllm:http_requests_total[5m]))" },
  { name: "queue", expr: "sum by (model_name) (vllm:num_requests_waiting)" },
  { name: "tokens/s", expr: "sum(rate(vllm:generation_tokens_total[5m]))" },
  { name: "up", expr: "up" },
];

/** One finished request. */
export interface Sample {
  endpoint: string;
  /** The request's identity (query and aligned range): equal keys are identical requests. */
  key: string;
  /** Wall time from sending to the last byte, ms (not counting waits for a free connection). */
  ms: number;
  /** When it started, ms since the run began. */
  at: number;
  /** null when it succeeded; else e.g. "http 500", "timeout", "network ECONNRESET", "bad body". */
  error: string | null;
}

/** How the viewers run. */
export interface ViewerOptions {
  url: string;
  /** Per-viewer auth headers (a session cookie or an API token). */
  headers: Record<string, string>[];
  refreshMs: number;
  pageEveryMs: number;
  rangeS: number;
  stepS: number;
  timeoutMs: number;
  durationMs: number;
  /** Start each viewer at a random phase within the refresh (default true). */
  phase?: boolean;
}

/** Counts beside the samples. */
export interface ViewerStats {
  refreshes: number;
  skipped: number;
  pageLoads: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reply {
  status: number;
  body: string;
}

function getOnce(agent: http.Agent, url: URL, headers: Record<string, string>, timeoutMs: number): Promise<Reply & { reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), reused: req.reusedSocket });
      });
      res.on("error", reject);
    });
    // A deadline for the whole request, as a dashboard's data proxy has (not an idle timeout).
    const timer = setTimeout(() => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })), timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(Object.assign(err, { reused: req.reusedSocket }));
    });
  });
}

// A keep-alive connection the server closed just as it was reused fails at once; browsers
// retry such requests, so the client does too (once), rather than count the race as an error.
async function get(agent: http.Agent, url: URL, headers: Record<string, string>, timeoutMs: number): Promise<Reply> {
  try {
    return await getOnce(agent, url, headers, timeoutMs);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { reused?: boolean };
    if (!e.reused || (e.code !== "ECONNRESET" && e.code !== "EPIPE")) throw err;
    return getOnce(agent, url, headers, timeoutMs);
  }
}

/** A counting semaphore: the six connections of a tab. */
class Slots {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** Runs every viewer until the duration is over; resolves when their last requests finished. */
export async function runViewers(o: ViewerOptions, record: (s: Sample) => void): Promise<ViewerStats> {
  const stats: ViewerStats = { refreshes: 0, skipped: 0, pageLoads: 0 };
  const t0 = performance.now();
  const stopAt = t0 + o.durationMs;

  async function timed(agent: http.Agent, slots: Slots, endpoint: string, url: URL, headers: Record<string, string>, check: (r: Reply) => string | null) {
    const key = url.pathname + url.search;
    await slots.take();
    const start = performance.now();
    let error: string | null;
    try {
      const r = await get(agent, url, headers, o.timeoutMs);
      error = r.status < 200 || r.status > 299 ? `http ${r.status}` : check(r);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      error = code === "TIMEOUT" ? `timeout (${o.timeoutMs / 1000} s)` : `network ${code ?? (err as Error).message}`;
    } finally {
      slots.give();
    }
    record({ endpoint, key, ms: performance.now() - start, at: start - t0, error });
  }

  const apiOk = (r: Reply) => {
    try {
      return (JSON.parse(r.body) as { status?: string }).status === "success" ? null : "bad body";
    } catch {
      return "bad body";
    }
  };
  const pageOk = (r: Reply) => (r.body.includes("<html") ? null : "bad body");

  async function viewer(i: number): Promise<void> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
    const slots = new Slots(6);
    const headers = o.headers[i % o.headers.length];
    const phase = o.phase === false ? 0 : Math.random() * o.refreshMs;
    await sleep(phase);
    let nextPage = performance.now(); // a tab opens with a page load
    let inFlight: Promise<unknown> | null = null;
    const pending: Promise<unknown>[] = [];
    for (let k = 0; ; k++) {
      // Small per-tick jitter on top of the phase, as timers in real tabs drift.
      const due = t0 + phase + k * o.refreshMs;
      if (due >= stopAt) break;
      await sleep(due + (k > 0 ? (Math.random() - 0.5) * 200 : 0) - performance.now());
      const now = performance.now();
      if (now >= nextPage) {
        nextPage += o.pageEveryMs;
        stats.pageLoads++;
        pending.push(timed(agent, slots, "page /", new URL("/", o.url), headers, pageOk));
      }
      if (inFlight) {
        stats.skipped++;
        continue;
      }
      stats.refreshes++;
      const end = Math.floor(Date.now() / 1000 / o.stepS) * o.stepS; // aligned to the step, as Grafana does
      const refresh = Promise.all(
        PANELS.map((p) => {
          const u = new URL("/api/v1/query_range", o.url);
          u.search = new URLSearchParams({ query: p.expr, start: String(end - o.rangeS), end: String(end), step: String(o.stepS) }).toString();
          return timed(agent, slots, p.name, u, headers, apiOk);
        }),
      );
      inFlight = refresh.finally(() => (inFlight = null));
      pending.push(inFlight);
    }
    await Promise.all(pending);
    agent.destroy();
  }

  await Promise.all(o.headers.map((_, i) => viewer(i)));
  return stats;
}

/** Quantile of sorted values (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
