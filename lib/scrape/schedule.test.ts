import { describe, expect, it } from "vitest";
import { nextScrapeAt, scrapeOffset } from "./schedule";

describe("scrapeOffset", () => {
  it("is deterministic and within the interval", () => {
    for (const key of ["a", "b", "10.0.0.1:9100", "x".repeat(300)]) {
      const o = scrapeOffset(key, 15_000);
      expect(o).toBe(scrapeOffset(key, 15_000));
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThan(15_000);
    }
  });

  it("spreads many similar targets over the interval", () => {
    const interval = 15_000;
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 1000; i++) buckets[Math.floor((scrapeOffset(`job\u0000http://10.0.${i >> 8}.${i & 255}:8000/metrics`, interval) / interval) * 10)]++;
    // 100 expected per tenth; a hash that clumped would leave some nearly empty.
    for (const n of buckets) expect(n).toBeGreaterThan(60);
    for (const n of buckets) expect(n).toBeLessThan(140);
  });
});

describe("nextScrapeAt", () => {
  it("returns the next slot at the target's phase, at or after the given time", () => {
    const key = "some-target";
    const interval = 10_000;
    const offset = scrapeOffset(key, interval);
    const t0 = 1_700_000_000_000; // a multiple of 10 s
    expect(nextScrapeAt(key, interval, t0)).toBe(t0 + offset);
    expect(nextScrapeAt(key, interval, t0 + offset)).toBe(t0 + offset);
    expect(nextScrapeAt(key, interval, t0 + offset + 1)).toBe(t0 + offset + interval);
  });

  it("keeps successive slots exactly one interval apart", () => {
    const key = "k";
    let t = nextScrapeAt(key, 15_000, 123_456_789);
    for (let i = 0; i < 5; i++) {
      const next = nextScrapeAt(key, 15_000, t + 1);
      expect(next - t).toBe(15_000);
      t = next;
    }
  });
});
