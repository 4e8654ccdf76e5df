import { describe, expect, it } from "vitest";
import { PLAN_DEFAULTS, type BenchPlan, type LevelSpec } from "./plan";
import { runBench } from "./run";
import type { BenchRequest, BenchTarget, RequestFailure, TargetTiming } from "./types";

/** An in-memory target: each request takes `latency(inFlight)` ms and yields 4 chunks. */
class FakeTarget implements BenchTarget {
  readonly description = "fake://";
  readonly model = "m";
  inFlight = 0;
  maxInFlight = 0;
  readonly requests: BenchRequest[] = [];
  constructor(
    private readonly latency: (inFlight: number) => number = () => 2,
    private readonly fail: (n: number) => RequestFailure | null = () => null,
  ) {}
  async send(req: BenchRequest): Promise<TargetTiming> {
    const n = this.requests.push(req) - 1;
    const sentAt = performance.now();
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    const ms = this.latency(this.inFlight);
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      req.signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
    this.inFlight--;
    const e2eMs = performance.now() - sentAt;
    const error = req.signal?.aborted ? { cause: "canceled" as const, message: "canceled" } : this.fail(n);
    const chunkMs = error ? [] : [e2eMs * 0.4, e2eMs * 0.6, e2eMs * 0.8, e2eMs];
    return { sentAt, chunkMs, e2eMs, promptTokens: req.promptTokens, outputTokens: chunkMs.length, tokenSource: "chunks", error };
  }
  async close() {}
}

const plan = (levels: LevelSpec[], change: Partial<BenchPlan> = {}): BenchPlan => ({ ...PLAN_DEFAULTS, levels, inputTokens: 8, outputTokens: 4, ...change, stop: { ...PLAN_DEFAULTS.stop, requests: 30, ...change.stop } });

describe("load levels", () => {
  it("keeps exactly N requests in flight and leaves warm-up requests out", async () => {
    const t = new FakeTarget();
    const r = await runBench(t, plan([{ kind: "concurrency", concurrency: 4 }], { warmup: 5 }));
    const level = r.levels[0];
    expect(t.maxInFlight).toBe(4);
    expect(t.requests).toHaveLength(35);
    expect(level.records).toHaveLength(30);
    expect(Math.min(...level.records.map((x) => x.index))).toBe(5);
    expect(level.stopReason).toBe("requests");
    expect(level.summary).toMatchObject({ requests: 30, completed: 30, failed: 0 });
    expect(t.requests[0]).toMatchObject({ promptTokens: 8, maxTokens: 4, ignoreEos: true });
  });

  it("stops a level by duration, counted from the first measured request", async () => {
    const t = new FakeTarget(() => 10);
    const r = await runBench(t, plan([{ kind: "concurrency", concurrency: 2 }], { stop: { requests: null, durationS: 0.2 } as BenchPlan["stop"] }));
    expect(r.levels[0].stopReason).toBe("duration");
    expect(r.levels[0].records.length).toBeGreaterThan(5); // ~40 unloaded
    expect(r.levels[0].records.length).toBeLessThan(60);
  });

  it("stops a level whose error ratio passes the limit and cancels what is in flight", async () => {
    const t = new FakeTarget(() => 3, () => ({ cause: "http", status: 500, message: "HTTP 500" }));
    const r = await runBench(t, plan([{ kind: "concurrency", concurrency: 4 }], { stop: { requests: 1000, maxErrorRatio: 0.5, minRequestsForErrorRatio: 20 } as BenchPlan["stop"] }));
    const l = r.levels[0];
    expect(l.stopReason).toBe("error-ratio");
    expect(l.summary.failed).toBeGreaterThanOrEqual(20);
    expect(t.requests.length).toBeLessThan(30);
    expect(l.summary.failures).toEqual({ http_500: l.summary.failed });
  });

  it("sends on a seeded rate schedule, and everything at once at rate inf", async () => {
    const t = new FakeTarget(() => 1);
    const start = performance.now();
    const r = await runBench(t, plan([{ kind: "rate", rate: 200, burstiness: 1 }], { stop: { requests: 100 } as BenchPlan["stop"] }));
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThan(250); // 100 arrivals at 200/s take about 0.5 s
    expect(elapsed).toBeLessThan(1500);
    expect(r.levels[0].summary.scheduleLagMs!.median).toBeLessThan(10);
    const burst = new FakeTarget(() => 20);
    await runBench(burst, plan([{ kind: "rate", rate: Infinity, burstiness: 1 }], { stop: { requests: 50 } as BenchPlan["stop"] }));
    expect(burst.maxInFlight).toBe(50);
  });

  it("caps requests in flight under a rate when asked", async () => {
    const t = new FakeTarget(() => 20);
    await runBench(t, plan([{ kind: "rate", rate: Infinity, burstiness: 1, maxConcurrency: 3 }]));
    expect(t.maxInFlight).toBe(3);
  });

  it("replays a trace's times (scaled) and lengths", async () => {
    const rows = [0, 100, 200, 300].map((offsetMs, i) => ({ offsetMs, inputTokens: 10 + i, outputTokens: i, line: i + 2 }));
    const t = new FakeTarget(() => 1);
    const start = performance.now();
    const r = await runBench(t, plan([{ kind: "trace", timeScale: 0.5 }], { trace: { file: "t.csv", rows }, stop: { requests: null } as BenchPlan["stop"] }));
    expect(performance.now() - start).toBeGreaterThan(140); // 300 ms of trace at half time
    expect(t.requests.map((q) => [q.promptTokens, q.maxTokens])).toEqual([[10, 1], [11, 1], [12, 2], [13, 3]]);
    expect(r.levels[0].records.map((x) => x.scheduledMs)).toEqual([0, 50, 100, 150]);
    expect(r.levels[0].stopReason).toBe("trace-end");
  });

  it("spreads worker starts over the ramp-up", async () => {
    // Worker k of 4 starts at 75·k ms; with 30 ms requests only worker 0 sends before 70 ms.
    const t = new FakeTarget(() => 30);
    const r = await runBench(t, plan([{ kind: "concurrency", concurrency: 4 }], { rampUpS: 0.3, stop: { requests: 40 } as BenchPlan["stop"] }));
    const early = r.levels[0].records.filter((x) => x.sentMs < 70).length;
    expect(early).toBeGreaterThanOrEqual(1);
    expect(early).toBeLessThanOrEqual(3);
    expect(t.maxInFlight).toBe(4);
  });

  it("runs a sweep, level by level, and names the capacity under the SLO", async () => {
    // Latency grows with load: 30 ms per request in flight, the first chunk at 40% of it, so
    // TTFT is about 12, 24 and 48 ms at concurrency 1, 2 and 4; the SLO allows 36 ms.
    const t = new FakeTarget((n) => n * 30);
    const seen: number[] = [];
    const r = await runBench(t, plan([1, 2, 4].map((c) => ({ kind: "concurrency" as const, concurrency: c })), { slo: { ttftMs: 36 }, stop: { requests: 12 } as BenchPlan["stop"] }), {
      onLevel: (l) => void seen.push(l.load),
    });
    expect(seen).toEqual([1, 2, 4]);
    expect(r.status).toBe("done");
    expect(r.capacity?.capacity).toMatchObject({ kind: "concurrency", load: 2 });
  });

  it("stops at once when canceled and reports the run as canceled", async () => {
    const t = new FakeTarget(() => 50);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 120);
    const r = await runBench(t, plan([{ kind: "concurrency", concurrency: 2 }, { kind: "concurrency", concurrency: 4 }], { stop: { requests: 1000 } as BenchPlan["stop"] }), { signal: ac.signal });
    expect(r.status).toBe("canceled");
    expect(r.levels).toEqual([]);
    expect(r.capacity).toBeNull();
  });

  it("refuses an invalid plan before sending anything", async () => {
    const t = new FakeTarget();
    await expect(runBench(t, plan([{ kind: "concurrency", concurrency: 0 }]))).rejects.toThrow("concurrency: must be a positive integer, got 0");
    expect(t.requests).toHaveLength(0);
  });
});
