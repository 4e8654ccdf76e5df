import { describe as group, expect, it } from "vitest";
import { describe, percentile, percentileSorted } from "./stats";

group("percentile (linear interpolation, NumPy's default)", () => {
  // Expected values as numpy.percentile(values, p) computes them.
  it.each([
    [[1, 2, 3, 4], 50, 2.5],
    [[1, 2, 3, 4], 90, 3.7],
    [[1, 2, 3, 4], 99, 3.97],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 100, 4],
    [[15, 20, 35, 40, 50], 40, 29],
    [[15, 20, 35, 40, 50], 90, 46],
    [[50, 15, 40, 20, 35], 95, 48],
    [[7], 99, 7],
    [[3, 3, 3], 50, 3],
    [[-5, 5], 25, -2.5],
  ])("%j at p%d is %d", (values, p, want) => {
    expect(percentile(values, p)).toBeCloseTo(want, 10);
  });

  it("is NaN for an empty sample and refuses p outside 0..100", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentileSorted([1, 2], 101)).toThrow(RangeError);
    expect(() => percentileSorted([1, 2], -1)).toThrow(RangeError);
  });

  it("sorts numerically, not as strings", () => {
    expect(percentile([10, 9, 100, 2], 50)).toBe(9.5);
  });
});

group("describe", () => {
  it("gives mean, median, tail percentiles, extremes and population std", () => {
    expect(describe([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({
      count: 8,
      mean: 5,
      median: 4.5,
      p90: expect.closeTo(7.6, 10),
      p95: expect.closeTo(8.3, 10),
      p99: expect.closeTo(8.86, 10),
      min: 2,
      max: 9,
      std: 2,
    });
  });

  it("is null for no data, never zeros", () => {
    expect(describe([])).toBeNull();
  });

  it("does not reorder its input", () => {
    const v = [3, 1, 2];
    describe(v);
    expect(v).toEqual([3, 1, 2]);
  });
});
