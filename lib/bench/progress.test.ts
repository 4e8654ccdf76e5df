import { describe, expect, it } from "vitest";
import type { LevelProgress } from "./level";
import { ProgressReporter, progressLine } from "./progress";

const base: LevelProgress = { level: 1, levels: 4, label: "concurrency 8", warmingUp: false, sent: 130, inFlight: 8, done: 120, failed: 0, goalRequests: 200, goalDurationS: null, elapsedMs: 12_300 };

describe("progressLine", () => {
  it.each([
    [{}, "[2/4] concurrency 8 [############........] 120/200 req, 8 in flight, 12.3 s"],
    [{ failed: 3 }, "[2/4] concurrency 8 [############........] 120/200 req, 3 failed, 8 in flight, 12.3 s"],
    [{ goalRequests: null, goalDurationS: 60, elapsedMs: 30_000 }, "[2/4] concurrency 8 [##########..........] 120 req, 8 in flight, 30 s"],
    [{ goalRequests: null }, "[2/4] concurrency 8 120 req, 8 in flight, 12.3 s"],
    [{ warmingUp: true, sent: 3 }, "[2/4] concurrency 8 warming up: 3 sent, 8 in flight, 12.3 s"],
    [{ done: 250 }, "[2/4] concurrency 8 [####################] 250/200 req, 8 in flight, 12.3 s"],
  ])("%j", (change, want) => {
    expect(progressLine({ ...base, ...change })).toBe(want);
  });
});

describe("ProgressReporter", () => {
  function sink(isTTY: boolean) {
    const out = { text: "", isTTY, write: (s: string) => (out.text += s) };
    return out;
  }

  it("rewrites one line on a terminal, at most every 100 ms", () => {
    let t = 0;
    const out = sink(true);
    const r = new ProgressReporter(out, () => t);
    r.update(base);
    t = 50;
    r.update({ ...base, done: 121 });
    t = 150;
    r.update({ ...base, done: 122 });
    expect(out.text.split("\r").filter(Boolean)).toHaveLength(2);
    expect(out.text).not.toContain("\n");
    r.levelDone({ ...base, done: 200 }, "ok");
    expect(out.text.endsWith("200/200 req, 8 in flight, 12.3 s  ok\x1b[K\n")).toBe(true);
  });

  it("prints plain lines every 5 s elsewhere", () => {
    let t = 0;
    const out = sink(false);
    const r = new ProgressReporter(out, () => t);
    for (; t < 12_000; t += 100) r.update(base);
    expect(out.text.split("\n").filter(Boolean)).toHaveLength(3); // at 0, 5 and 10 s
    expect(out.text).not.toContain("\r");
    expect(out.text).not.toContain("\x1b");
  });
});
