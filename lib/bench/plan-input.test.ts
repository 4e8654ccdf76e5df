import { describe, expect, it } from "vitest";
import { FlagError, planFromFlags, type PlanFlags } from "./plan-input";

const trace = { file: "t.csv", rows: [{ offsetMs: 0, inputTokens: 1, outputTokens: 1, line: 2 }] };

describe("planFromFlags", () => {
  it("defaults to one level at concurrency 1", () => {
    const p = planFromFlags({}, null);
    expect(p.levels).toEqual([{ kind: "concurrency", concurrency: 1 }]);
    expect(p).toMatchObject({ inputTokens: 256, outputTokens: 128, warmup: 0, ignoreEos: true, slo: null, minGoodputRatio: 0.9 });
    expect(p.stop).toMatchObject({ requests: null, durationS: null, maxErrorRatio: null });
  });

  it.each<[PlanFlags, object]>([
    [{ concurrency: "1, 2,4" }, { levels: [1, 2, 4].map((c) => ({ kind: "concurrency", concurrency: c })) }],
    [{ rate: "0.5,inf", burstiness: "0.25", maxConcurrency: "64" }, { levels: [{ kind: "rate", rate: 0.5, burstiness: 0.25, maxConcurrency: 64 }, { kind: "rate", rate: Infinity, burstiness: 0.25, maxConcurrency: 64 }] }],
    [{ rate: "2" }, { levels: [{ kind: "rate", rate: 2, burstiness: 1, maxConcurrency: null }] }],
    [{ requests: "50", duration: "30", maxErrorRatio: "0.2" }, { stop: { requests: 50, durationS: 30, maxErrorRatio: 0.2, minRequestsForErrorRatio: 20 } }],
    [{ goodput: "ttft:500,tpot:40", goodputRatio: "0.95" }, { slo: { ttftMs: 500, tpotMs: 40 }, minGoodputRatio: 0.95 }],
    [{ inputTokens: "1024", outputTokens: "16", warmup: "3", rampUp: "0", seed: "9", ignoreEos: false }, { inputTokens: 1024, outputTokens: 16, warmup: 3, rampUpS: 0, seed: 9, ignoreEos: false }],
  ])("%j", (flags, want) => {
    expect(planFromFlags(flags, null)).toMatchObject(want);
  });

  it("replays a trace as a single level", () => {
    expect(planFromFlags({ timeScale: "0.5" }, trace)).toMatchObject({ levels: [{ kind: "trace", timeScale: 0.5 }], trace });
    expect(planFromFlags({}, trace).levels).toEqual([{ kind: "trace", timeScale: 1 }]);
  });

  it.each<[PlanFlags, boolean, string]>([
    [{ concurrency: "0" }, false, '--concurrency: "0" is not a positive integer'],
    [{ concurrency: "1.5" }, false, '--concurrency: "1.5" is not a positive integer'],
    [{ concurrency: "" }, false, "--concurrency: \"\": expected a comma-separated list such as 1,2,4,8"],
    [{ concurrency: "4,4" }, false, '--concurrency: "4,4" lists a value twice'],
    [{ concurrency: "1", rate: "1" }, false, "--concurrency and --rate: give one or the other"],
    [{ rate: "-1" }, false, '--rate: "-1" is not a positive number (or inf)'],
    [{ rate: "fast" }, false, '--rate: "fast" is not a positive number (or inf)'],
    [{ rate: "1", burstiness: "0" }, false, '--burstiness: "0" is not a positive number'],
    [{ burstiness: "2" }, false, "--burstiness: applies to --rate only"],
    [{ maxConcurrency: "2" }, false, "--max-concurrency: applies to --rate only"],
    [{ timeScale: "2" }, false, "--time-scale: applies to --trace only"],
    [{ concurrency: "2" }, true, "--trace: replays the trace's own arrival times"],
    [{ outputTokens: "5" }, true, "--trace: takes prompt and output lengths from the trace"],
    [{ requests: "0" }, false, '--requests: "0" is not a positive integer'],
    [{ duration: "-5" }, false, '--duration: "-5" is not a positive number'],
    [{ goodput: "ttft:fast" }, false, '--goodput: "ttft:fast": the limit must be a positive number of milliseconds'],
    [{ goodputRatio: "0.5" }, false, "--goodput-ratio: applies with --goodput only"],
    [{ goodput: "ttft:1", goodputRatio: "0" }, false, '--goodput-ratio: "0" must be a number above 0 to 1'],
    [{ maxErrorRatio: "1.5" }, false, '--max-error-ratio: "1.5" must be a number from 0 to 1'],
    [{ warmup: "x" }, false, '--warmup: "x" is not a non-negative integer'],
    [{ inputTokens: "0" }, false, '--input-tokens: "0" is not a positive integer'],
  ])("refuses %j", (flags, withTrace, message) => {
    expect(() => planFromFlags(flags, withTrace ? trace : null)).toThrow(FlagError);
    expect(() => planFromFlags(flags, withTrace ? trace : null)).toThrow(message);
  });
});
