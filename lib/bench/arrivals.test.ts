import { describe, expect, it } from "vitest";
import { arrivalGaps, arrivalTimes, rampedTime } from "./arrivals";
import { Rng } from "./rng";

function take(it: Iterator<number>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(it.next().value as number);
  return out;
}

function meanVar(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)];
}

describe("arrivalGaps", () => {
  const N = 40_000;
  // gamma(shape b, scale 1/(rate·b)): mean 1000/rate ms, variance (1000/rate)²/b
  it.each([
    ["Poisson", 10, 1],
    ["bursty gamma", 10, 0.25],
    ["gamma below 1", 4, 0.5],
    ["regular gamma", 20, 4],
    ["high rate", 5000, 1],
  ])("%s: rate %d/s, burstiness %d has the right mean and variance", (_n, rate, b) => {
    const [m, v] = meanVar(take(arrivalGaps({ rate, burstiness: b, seed: 42 }), N));
    const mean = 1000 / rate;
    expect(m / mean).toBeGreaterThan(0.97);
    expect(m / mean).toBeLessThan(1.03);
    // the sample variance of a gamma is noisier for small shapes; 10% holds at N = 40k
    expect((v / (mean * mean)) * b).toBeGreaterThan(0.9);
    expect((v / (mean * mean)) * b).toBeLessThan(1.1);
  });

  it("is reproducible from its seed and differs across seeds", () => {
    const a = take(arrivalGaps({ rate: 3, burstiness: 0.7, seed: 1 }), 50);
    expect(take(arrivalGaps({ rate: 3, burstiness: 0.7, seed: 1 }), 50)).toEqual(a);
    expect(take(arrivalGaps({ rate: 3, burstiness: 0.7, seed: 2 }), 50)).not.toEqual(a);
  });

  it("sends everything at once at an infinite rate", () => {
    expect(take(arrivalTimes({ rate: Infinity, burstiness: 1, seed: 0 }), 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it.each([[0], [-1], [NaN]])("refuses rate %d", (rate) => {
    expect(() => arrivalGaps({ rate, burstiness: 1, seed: 0 }).next()).toThrow(RangeError);
  });
  it.each([[0], [-2], [Infinity]])("refuses burstiness %d", (b) => {
    expect(() => arrivalGaps({ rate: 1, burstiness: b, seed: 0 }).next()).toThrow(RangeError);
  });
});

describe("arrivalTimes", () => {
  it("starts at 0 and accumulates the gaps", () => {
    const gaps = take(arrivalGaps({ rate: 5, burstiness: 1, seed: 7 }), 3);
    const times = take(arrivalTimes({ rate: 5, burstiness: 1, seed: 7 }), 4);
    expect(times[0]).toBe(0);
    expect(times[3]).toBeCloseTo(gaps[0] + gaps[1] + gaps[2], 9);
  });

  it("under a linear ramp sends about half as many requests during the ramp", () => {
    const ramp = 10_000;
    const times = take(arrivalTimes({ rate: 100, burstiness: 1, seed: 3, rampUpMs: ramp }), 20_000);
    const during = times.filter((t) => t < ramp).length; // integral of 100·t/R over R = 500
    const after = times.filter((t) => t >= ramp && t < 2 * ramp).length; // 1000
    expect(during / 500).toBeGreaterThan(0.9);
    expect(during / 500).toBeLessThan(1.1);
    expect(after / 1000).toBeGreaterThan(0.93);
    expect(after / 1000).toBeLessThan(1.07);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
  });
});

describe("rampedTime", () => {
  it.each([
    [0, 1000, 0],
    [125, 1000, 500], // u < R/2: sqrt(2·R·u)
    [500, 1000, 1000], // the ramp ends where the two pieces meet
    [1500, 1000, 2000], // after: u + R/2
    [42, 0, 42], // no ramp
  ])("u=%d over R=%d -> %d", (u, r, want) => {
    expect(rampedTime(u, r)).toBeCloseTo(want, 9);
  });
});

describe("Rng", () => {
  it("gives uniform values in [0, 1) and standard normals", () => {
    const rng = new Rng(9);
    const u = Array.from({ length: 20_000 }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const [m] = meanVar(u);
    expect(m).toBeCloseTo(0.5, 1);
    const [nm, nv] = meanVar(Array.from({ length: 20_000 }, () => rng.normal()));
    expect(Math.abs(nm)).toBeLessThan(0.03);
    expect(nv).toBeGreaterThan(0.95);
    expect(nv).toBeLessThan(1.05);
  });
});
