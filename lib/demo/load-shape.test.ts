import { describe, expect, it } from "vitest";
import { burstAt, burstOfSlot, DEFAULT_SHAPE, errorRatio, nextGapMs, requestRate, type BurstShape, type LoadShape } from "./load-shape";

const H = 3_600_000;
const DAY0 = Date.UTC(2026, 0, 5); // a midnight, UTC
const shape: LoadShape = { ...DEFAULT_SHAPE, minRps: 0.2, maxRps: 1, peakHour: 15, utcOffsetMinutes: 0 };

describe("requestRate", () => {
  it.each([
    ["peak at 15:00", shape, DAY0 + 15 * H, 1],
    ["trough at 03:00", shape, DAY0 + 3 * H, 0.2],
    ["midway at 09:00", shape, DAY0 + 9 * H, 0.6],
    ["midway at 21:00", shape, DAY0 + 21 * H, 0.6],
    ["the next day repeats", shape, DAY0 + 24 * H + 15 * H, 1],
    ["before 1970 still works", shape, 15 * H - 10 * 24 * H, 1],
    ["peak follows local time (UTC+2: 13:00 UTC)", { ...shape, utcOffsetMinutes: 120 }, DAY0 + 13 * H, 1],
    ["peak follows local time (UTC-5: 20:00 UTC)", { ...shape, utcOffsetMinutes: -300 }, DAY0 + 20 * H, 1],
    ["a flat shape", { ...shape, minRps: 0.5, maxRps: 0.5 }, DAY0 + 7 * H, 0.5],
  ])("%s", (_name, s, now, rps) => {
    expect(requestRate(s, now)).toBeCloseTo(rps, 9);
  });

  it("stays within [minRps, maxRps] and rises from the trough to the peak", () => {
    let last = -Infinity;
    for (let h = 3; h <= 15; h += 0.5) {
      const r = requestRate(shape, DAY0 + h * H);
      expect(r).toBeGreaterThanOrEqual(0.2 - 1e-12);
      expect(r).toBeLessThanOrEqual(1 + 1e-12);
      expect(r).toBeGreaterThanOrEqual(last);
      last = r;
    }
  });
});

describe("error bursts", () => {
  const b: BurstShape = DEFAULT_SHAPE.bursts;

  it("hold in about `chance` of the slots, inside their slot, within the configured bounds", () => {
    let bursts = 0;
    const slots = 5000;
    for (let i = 0; i < slots; i++) {
      const t = DAY0 + i * b.slotMs;
      const burst = burstOfSlot(b, t + 1234);
      if (!burst) continue;
      bursts++;
      expect(burst.start).toBeGreaterThanOrEqual(t);
      expect(burst.end).toBeLessThanOrEqual(t + b.slotMs);
      expect(burst.end - burst.start).toBeGreaterThanOrEqual(b.minDurationMs);
      expect(burst.end - burst.start).toBeLessThanOrEqual(b.maxDurationMs);
      expect(burst.ratio).toBeGreaterThanOrEqual(b.minRatio);
      expect(burst.ratio).toBeLessThanOrEqual(b.maxRatio);
    }
    expect(bursts / slots).toBeGreaterThan(0.26);
    expect(bursts / slots).toBeLessThan(0.34);
  });

  it("are the same for every time within a slot, and differ with the seed", () => {
    const starts = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = DAY0 + i * b.slotMs;
      expect(burstOfSlot(b, t)).toEqual(burstOfSlot(b, t + b.slotMs - 1));
      starts.add(JSON.stringify(burstOfSlot(b, t)));
    }
    expect(starts.size).toBeGreaterThan(40);
    const other = { ...b, seed: 2 };
    const differ = Array.from({ length: 100 }, (_, i) => DAY0 + i * b.slotMs).some(
      (t) => JSON.stringify(burstOfSlot(b, t)) !== JSON.stringify(burstOfSlot(other, t)),
    );
    expect(differ).toBe(true);
  });

  const always: BurstShape = { slotMs: 10_000, chance: 1, minDurationMs: 4000, maxDurationMs: 4000, minRatio: 0.5, maxRatio: 0.5, seed: 7 };
  const never: BurstShape = { ...always, chance: 0 };

  it.each([
    ["chance 1: some instant of every slot is in a burst", always, true],
    ["chance 0: no burst ever", never, false],
  ])("%s", (_name, bs, expected) => {
    for (let slot = 0; slot < 20; slot++) {
      const t0 = DAY0 + slot * bs.slotMs;
      const hit = Array.from({ length: 100 }, (_, k) => burstAt(bs, t0 + k * 100)).some((x) => x !== null);
      expect(hit).toBe(expected);
    }
  });

  it("errorRatio is the burst's ratio inside it and 0 outside", () => {
    const s: LoadShape = { ...shape, bursts: always };
    const burst = burstOfSlot(always, DAY0)!;
    expect(errorRatio(s, burst.start)).toBe(0.5);
    expect(errorRatio(s, burst.end - 1)).toBe(0.5);
    expect(errorRatio(s, burst.end)).toBe(0);
    if (burst.start > DAY0) expect(errorRatio(s, burst.start - 1)).toBe(0);
    expect(errorRatio({ ...shape, bursts: never }, burst.start)).toBe(0);
  });
});

describe("nextGapMs", () => {
  it.each([
    [1, 0, 0],
    [1, 1 - 1 / Math.E, 1000],
    [2, 1 - 1 / Math.E, 500],
    [0.5, 0.5, 2000 * Math.LN2],
    [0, 0.5, Infinity],
    [-1, 0.5, Infinity],
  ])("rate %d, u %d -> %d ms", (rate, u, ms) => {
    expect(nextGapMs(rate, u)).toBeCloseTo(ms, 6);
  });

  it("is finite for u at the top of its range, and averages 1000/rate", () => {
    expect(Number.isFinite(nextGapMs(1, 1))).toBe(true);
    let sum = 0;
    const n = 10_000;
    for (let i = 0; i < n; i++) sum += nextGapMs(4, (i + 0.5) / n);
    expect(sum / n).toBeCloseTo(250, -1);
  });
});
