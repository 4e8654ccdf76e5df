import { describe, expect, it } from "vitest";
import type { LevelProgress } from "./level";
import { levelFraction, preparingProgress, runProgress } from "./run-progress";

const base: LevelProgress = { level: 1, levels: 4, label: "concurrency 8", warmingUp: false, sent: 60, inFlight: 8, done: 50, failed: 2, goalRequests: 100, goalDurationS: null, elapsedMs: 5_000 };

describe("levelFraction", () => {
  it.each([
    [{}, 0.5],
    [{ goalRequests: null, goalDurationS: 20 }, 0.25],
    [{ goalDurationS: 10, elapsedMs: 8_000 }, 0.8],
    [{ goalRequests: null }, null],
    [{ warmingUp: true }, 0],
    [{ done: 150 }, 1],
  ])("%j", (change, want) => {
    expect(levelFraction({ ...base, ...change })).toBe(want);
  });
});

describe("runProgress", () => {
  it.each([
    // level 2 of 4 half done: 37.5% after 30 s -> 50 s left
    [{}, 40, 30_000, { fraction: 0.375, etaMs: 50_000, completedRequests: 90 }],
    [{ level: 0, done: 1 }, 0, 1_000, { fraction: 0.0025, etaMs: null, completedRequests: 1 }],
    [{ goalRequests: null }, 100, 10_000, { fraction: null, etaMs: null, completedRequests: 150 }],
    [{ level: 3, done: 100 }, 300, 60_000, { fraction: 1, etaMs: 0, completedRequests: 400 }],
  ])("%j after %d earlier requests", (change, earlier, elapsed, want) => {
    const p = runProgress({ ...base, ...change }, earlier, elapsed);
    expect(p).toMatchObject({ phase: "running", ...want });
  });

  it("copies the level's figures", () => {
    expect(runProgress(base, 0, 1)).toMatchObject({ level: 1, levels: 4, label: "concurrency 8", levelDone: 50, levelFailed: 2, inFlight: 8, levelGoalRequests: 100 });
  });

  it("reports a run still preparing", () => {
    expect(preparingProgress(3, 1200)).toMatchObject({ phase: "preparing", levels: 3, fraction: 0, etaMs: null, elapsedMs: 1200 });
  });
});
