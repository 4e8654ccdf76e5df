import { describe, expect, it } from "vitest";
import { ChunkCache } from "./chunk-cache";
import { CHUNK_RANGE_MS } from "./types";

const W = CHUNK_RANGE_MS;
const chunk = (minT: number, size: number) => ({ minT, maxT: minT + 1000, data: new Uint8Array(size) });

describe("ChunkCache", () => {
  it("holds entries of its generation only, and empties on any other", () => {
    const c = new ChunkCache(1 << 20);
    c.put(1, 7, 0, [chunk(0, 100)]); // no generation adopted yet
    expect(c.get(7, 0)).toBeUndefined();
    c.sync(1);
    c.put(1, 7, 0, [chunk(0, 100)]);
    c.put(1, 7, W, []);
    expect(c.get(7, 0)?.length).toBe(1);
    expect(c.get(7, W)).toEqual([]); // known to hold no chunk
    expect(c.get(8, 0)).toBeUndefined();
    c.put(0, 8, 0, [chunk(0, 10)]); // fetched under an older generation: dropped
    expect(c.get(8, 0)).toBeUndefined();
    c.sync(1);
    expect(c.stats().entries).toBe(2);
    c.sync(2);
    expect(c.stats()).toMatchObject({ entries: 0, bytes: 0, invalidations: 1, generation: 2 });
    expect(c.get(7, 0)).toBeUndefined();
    c.sync(null);
    expect(c.stats().generation).toBeNull();
  });

  it("counts chunk bytes plus overhead, and evicts the least recently used first", () => {
    const c = new ChunkCache(3_000);
    c.sync(5);
    c.put(5, 1, 0, [chunk(0, 500)]);
    const one = c.stats().bytes;
    expect(one).toBeGreaterThan(500);
    c.put(5, 2, 0, [chunk(0, 500)]);
    expect(c.stats().bytes).toBe(2 * one);
    c.get(1, 0); // 1 is now more recent than 2
    c.put(5, 3, 0, [chunk(0, 500)]);
    c.put(5, 4, 0, [chunk(0, 500)]);
    const s = c.stats();
    expect(s.bytes).toBeLessThanOrEqual(3_000);
    expect(s.evictions).toBeGreaterThan(0);
    expect(c.get(2, 0)).toBeUndefined();
    expect(c.get(4, 0)).toBeDefined();
    // Replacing an entry replaces its bytes.
    const before = c.stats().bytes;
    c.put(5, 4, 0, [chunk(0, 400)]);
    expect(c.stats().bytes).toBe(before - 100);
    // An entry larger than the whole budget is not kept, and does not push others out.
    const entries = c.stats().entries;
    c.put(5, 9, 0, [chunk(0, 5_000)]);
    expect(c.get(9, 0)).toBeUndefined();
    expect(c.stats().entries).toBe(entries);
  });

  it("tells apart windows whose keys clash", () => {
    const c = new ChunkCache(1 << 20);
    c.sync(1);
    const far = 4_194_304 * W; // same key slot as window 0
    c.put(1, 3, 0, [chunk(0, 10)]);
    expect(c.get(3, far)).toBeUndefined();
    c.put(1, 3, far, [chunk(far, 20)]);
    expect(c.get(3, far)?.[0].data.length).toBe(20);
    expect(c.get(3, 0)).toBeUndefined();
    expect(c.stats().entries).toBe(1);
    c.put(1, 3, -W, [chunk(-W, 30)]);
    expect(c.get(3, -W)?.[0].data.length).toBe(30);
  });

  it("is off at 0 bytes and rejects nonsense budgets", () => {
    expect(new ChunkCache(0).enabled).toBe(false);
    expect(new ChunkCache(1).enabled).toBe(true);
    expect(() => new ChunkCache(-1)).toThrow(/maxBytes/);
    expect(() => new ChunkCache(NaN)).toThrow(/maxBytes/);
    expect(() => new ChunkCache(Infinity)).toThrow(/maxBytes/);
  });
});
