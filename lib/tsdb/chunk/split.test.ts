import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeChunk, encodeRows, encodeSamples } from "./index";

describe("encodeSamples", () => {
  it("keeps each chunk within the byte budget and loses nothing", () => {
    const n = 2000;
    const ts = Array.from({ length: n }, (_, i) => i * 1000);
    const vs = Array.from({ length: n }, (_, i) => Math.sin(i) * 1e6); // incompressible-ish
    const stale = Array.from({ length: n }, (_, i) => (i % 333 === 0 ? 1 : 0));
    const chunks = encodeSamples(ts, vs, stale, { maxBytes: 500 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.data.length).toBeLessThanOrEqual(500);
    const back = chunks.flatMap((c) => Array.from(decodeChunk(c.data).timestamps));
    expect(back).toEqual(ts);
    expect(chunks[0].minT).toBe(0);
    expect(chunks.at(-1)!.maxT).toBe((n - 1) * 1000);
    expect(chunks.reduce((s, c) => s + c.count, 0)).toBe(n);
    const staleBack = chunks.flatMap((c) => {
      const d = decodeChunk(c.data);
      return Array.from(d.stale ?? new Uint8Array(d.timestamps.length));
    });
    expect(staleBack).toEqual(stale);
  });

  it("honours from/to and returns nothing for an empty slice", () => {
    expect(encodeSamples([1, 2, 3], [1, 2, 3], null, { from: 1, to: 1 })).toEqual([]);
    const [c] = encodeSamples([1, 2, 3], [4, 5, 6], null, { from: 1, to: 3 });
    expect(Array.from(decodeChunk(c.data).columns[0])).toEqual([5, 6]);
  });

  it("splits multi-column rows within the budget", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 400 }), (rows) => {
        const ts = rows.map((_, i) => i * 300_000);
        const chunks = encodeRows(ts, [rows.map((r) => r[0]), rows.map((r) => r[1])], { maxBytes: 400 });
        for (const c of chunks) expect(c.data.length).toBeLessThanOrEqual(400);
        const back = chunks.flatMap((c) => Array.from(decodeChunk(c.data).columns[1]));
        expect(back).toEqual(rows.map((r) => r[1]));
      }),
    );
  });
});
