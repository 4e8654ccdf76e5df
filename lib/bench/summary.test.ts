import { describe, expect, it } from "vitest";
import { requestMetrics, summarizeLevel } from "./summary";
import type { RequestRecord } from "./types";

/** A record: sent at `sentMs`, chunks at the given offsets, ending at `e2eMs`. */
function rec(p: Partial<RequestRecord> & { chunkMs?: number[] }): RequestRecord {
  const chunkMs = p.chunkMs ?? [10, 20, 30];
  return {
    index: 0,
    sentAt: 0,
    sentMs: 0,
    scheduledMs: null,
    e2eMs: chunkMs.length ? chunkMs[chunkMs.length - 1] : 5,
    promptTokens: 100,
    outputTokens: chunkMs.length,
    tokenSource: "chunks",
    error: null,
    ...p,
    chunkMs,
  };
}

describe("requestMetrics (vLLM's definitions)", () => {
  it.each([
    // chunks, e2e, output tokens -> ttft, tpot, itl
    [[100, 110, 125, 130], 140, 4, 100, 40 / 3, [10, 15, 5]],
    // usage says 8 tokens in 4 chunks: TPOT divides by tokens, ITL stays per chunk
    [[100, 110, 125, 130], 140, 8, 100, 40 / 7, [10, 15, 5]],
    // one output token: TPOT is 0 (vLLM's convention for goodput), no ITL
    [[50], 55, 1, 50, 0, []],
  ])("chunks %j, e2e %d, %d tokens", (chunkMs, e2eMs, outputTokens, ttft, tpot, itl) => {
    const m = requestMetrics(rec({ chunkMs, e2eMs, outputTokens }))!;
    expect(m.ttftMs).toBe(ttft);
    expect(m.tpotMs).toBeCloseTo(tpot, 12);
    expect(m.itlMs).toEqual(itl);
    expect(m.e2eMs).toBe(e2eMs);
  });

  it("is null for failed requests and for successes without output", () => {
    expect(requestMetrics(rec({ error: { cause: "timeout", message: "t" } }))).toBeNull();
    expect(requestMetrics(rec({ chunkMs: [] }))).toBeNull();
  });
});

describe("summarizeLevel", () => {
  const ok = (sentMs: number, chunkMs: number[], e2eMs: number, outputTokens = chunkMs.length) => rec({ sentMs, chunkMs, e2eMs, outputTokens });
  const records: RequestRecord[] = [
    ok(0, [100, 110, 120], 130), // ttft 100, tpot 15
    ok(200, [50, 60], 70, 2), // ttft 50, tpot 20
    ok(300, [300], 300, 1), // ttft 300, one token: not in the TPOT distribution
    rec({ sentMs: 400, chunkMs: [], e2eMs: 3, error: { cause: "http", status: 429, message: "HTTP 429" } }),
    rec({ sentMs: 410, chunkMs: [], e2eMs: 3, error: { cause: "http", status: 429, message: "HTTP 429" } }),
    rec({ sentMs: 420, chunkMs: [], e2eMs: 900, error: { cause: "timeout", message: "t" } }),
    rec({ sentMs: 430, chunkMs: [5], e2eMs: 9, error: { cause: "malformed_stream", message: "m" } }),
    rec({ sentMs: 440, chunkMs: [], e2eMs: 1, error: { cause: "connection", message: "ECONNRESET" } }),
    rec({ sentMs: 5000, chunkMs: [], e2eMs: 1, error: { cause: "canceled", message: "canceled" } }),
  ];
  const s = summarizeLevel(records, { ttftMs: 100, tpotMs: 16 });

  it("counts failures by cause and leaves canceled requests out", () => {
    expect(s).toMatchObject({ requests: 8, completed: 3, failed: 5, canceled: 1, errorRatio: 5 / 8 });
    expect(s.failures).toEqual({ http_429: 2, timeout: 1, malformed_stream: 1, connection: 1 });
  });

  it("measures throughput over the window from the first send to the last response", () => {
    // window: 0 .. 420 + 900 = 1320 ms
    expect(s.durationS).toBeCloseTo(1.32, 12);
    expect(s.requestThroughput).toBeCloseTo(3 / 1.32, 10);
    expect(s.outputTokens).toBe(6);
    expect(s.inputTokens).toBe(300);
    expect(s.outputThroughput).toBeCloseTo(6 / 1.32, 10);
    expect(s.totalTokenThroughput).toBeCloseTo(306 / 1.32, 10);
  });

  it("describes TTFT, TPOT, pooled ITL and E2E over successful requests", () => {
    expect(s.ttftMs).toMatchObject({ count: 3, mean: 150, median: 100, min: 50, max: 300 });
    expect(s.tpotMs).toMatchObject({ count: 2, mean: 17.5 });
    expect(s.itlMs).toMatchObject({ count: 3, mean: 10, min: 10, max: 10 });
    expect(s.e2elMs).toMatchObject({ count: 3, median: 130 });
  });

  it("counts goodput only for successes meeting every objective, against all requests", () => {
    // 1st: ttft 100 <= 100, tpot 15 <= 16: good. 2nd: ttft 50, tpot 20 > 16: not. 3rd: ttft 300: not.
    expect(s.goodput).toEqual({ slo: { ttftMs: 100, tpotMs: 16 }, good: 1, ratio: 1 / 8, perSecond: expect.closeTo(1 / 1.32, 10) });
    expect(summarizeLevel(records).goodput).toBeNull();
  });

  it("reports schedule lag for scheduled requests only", () => {
    const lagged = summarizeLevel([rec({ sentMs: 12, scheduledMs: 10 }), rec({ sentMs: 20, scheduledMs: 20 }), rec({ sentMs: 30 })]);
    expect(lagged.scheduleLagMs).toMatchObject({ count: 2, max: 2, min: 0 });
  });

  it("gives empty distributions as null and zero rates for an empty level", () => {
    const empty = summarizeLevel([]);
    expect(empty).toMatchObject({ requests: 0, durationS: 0, requestThroughput: 0, ttftMs: null, itlMs: null, errorRatio: 0 });
  });
});
