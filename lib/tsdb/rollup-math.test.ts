import { describe, expect, it } from "vitest";
import { bucketize } from "./rollup-math";

const M5 = 300_000;

describe("bucketize", () => {
  it("summarises each 5-minute bucket", () => {
    const ts = [0, 15_000, 299_999, 300_000, 900_000];
    const vs = [1, 5, 3, 7, -1];
    const b = bucketize(ts, vs, null, 0, 1_200_000, M5);
    expect(b.timestamps).toEqual([0, 300_000, 900_000]);
    expect(b.count).toEqual([3, 1, 1]);
    expect(b.sum).toEqual([9, 7, -1]);
    expect(b.min).toEqual([1, 7, -1]);
    expect(b.max).toEqual([5, 7, -1]);
    expect(b.last).toEqual([3, 7, -1]);
  });

  it("skips staleness markers, NaN and samples outside [from, to)", () => {
    const b = bucketize([-1, 0, 1, 2, 600_000], [9, NaN, 4, 8, 5], [0, 0, 0, 1, 0], 0, 600_000, M5);
    expect(b.timestamps).toEqual([0]);
    expect(b.count).toEqual([1]);
    expect(b.last).toEqual([4]);
  });

  it("keeps infinities", () => {
    const b = bucketize([0, 1], [Infinity, 2], null, 0, M5, M5);
    expect(b.max).toEqual([Infinity]);
    expect(b.sum).toEqual([Infinity]);
  });
});
