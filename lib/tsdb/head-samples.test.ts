import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { HeadSamples } from "./head-samples";

type Op = { kind: "put"; id: number; t: number; v: number | null; replace: boolean } | { kind: "drop"; t: number };

// Few ids and a wide time range: chains of several 32-sample segments, out-of-order puts into
// the middle of them, and series that empty out and come back in a freed slot.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant("put" as const),
      id: fc.integer({ min: 0, max: 3 }),
      t: fc.integer({ min: 0, max: 150 }),
      v: fc.option(fc.integer({ min: -9, max: 9 }), { freq: 6 }),
      replace: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), t: fc.integer({ min: 0, max: 150 }) }) },
);

function contents(h: HeadSamples, id: number, lo = -Infinity, hi = Infinity): [number, number | null][] {
  const r = h.slice(id, lo, hi);
  if (!r) return [];
  return Array.from(r.timestamps, (t, i) => [t, r.stale?.[i] === 1 ? null : r.values[i]] as [number, number | null]);
}

describe("HeadSamples", () => {
  it.each([
    { name: "in order", ops: [[1, 1], [2, 2], [3, 3]], want: [[1, 1], [2, 2], [3, 3]] },
    { name: "out of order", ops: [[3, 3], [1, 1], [2, 2]], want: [[1, 1], [2, 2], [3, 3]] },
    { name: "a later put wins", ops: [[1, 1], [1, 5]], want: [[1, 5]] },
    { name: "a staleness marker, then a value again", ops: [[1, null], [2, 2]], want: [[1, null], [2, 2]] },
    { name: "a value overwrites a marker", ops: [[1, null], [1, 4]], want: [[1, 4]] },
  ] as { name: string; ops: [number, number | null][]; want: [number, number | null][] }[])("keeps samples sorted and unique: $name", ({ ops, want }) => {
    const h = new HeadSamples();
    for (const [t, v] of ops) h.put(7, t, v, true);
    expect(contents(h, 7)).toEqual(want);
    expect(contents(h, 8)).toEqual([]);
  });

  it("behaves like a sorted map per series under any sequence of puts and drops", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 }), (ops, a, z) => {
        const h = new HeadSamples();
        const model = new Map<number, Map<number, number | null>>();
        for (const op of ops) {
          if (op.kind === "put") {
            h.put(op.id, op.t, op.v, op.replace);
            const m = model.get(op.id) ?? new Map<number, number | null>();
            model.set(op.id, m);
            if (op.replace || !m.has(op.t)) m.set(op.t, op.v);
          } else {
            h.dropBefore(op.t);
            for (const [id, m] of model) {
              for (const t of [...m.keys()]) if (t < op.t) m.delete(t);
              if (m.size === 0) model.delete(id);
            }
          }
        }
        const [lo, hi] = a <= z ? [a, z] : [z, a];
        for (let id = 0; id <= 3; id++) {
          const m = model.get(id) ?? new Map<number, number | null>();
          const sorted = [...m.entries()].sort((x, y) => x[0] - y[0]);
          expect(contents(h, id)).toEqual(sorted);
          expect(contents(h, id, lo, hi)).toEqual(sorted.filter(([t]) => t >= lo && t <= hi));
        }
        expect(h.series).toBe(model.size);
        expect(h.samples).toBe([...model.values()].reduce((n, m) => n + m.size, 0));
      }),
      { numRuns: 300 },
    );
  });

  it("reuses the segments that trimming frees", () => {
    const h = new HeadSamples();
    // Ten series, 200 samples each, trimmed to the last 50 as they go: a steady head.
    for (let t = 0; t < 2000; t++) {
      for (let id = 0; id < 10; id++) h.put(id, t, t * 10 + id, true);
      if (t % 50 === 49) h.dropBefore(t - 49);
    }
    expect(h.series).toBe(10);
    expect(h.samples).toBe(500);
    expect(contents(h, 3, 1990, 1991)).toEqual([[1990, 19903], [1991, 19913]]);
    // 10 series x (50 held + up to 32 in a partly trimmed head segment) / 32 per segment, plus
    // the free list's leftovers: far fewer than the 2000 x 10 / 32 = 625 never freed would need.
    expect((h as unknown as { segCount: number }).segCount).toBeLessThan(60);
  });

  it("returns copies, so later writes do not change a slice already taken", () => {
    const h = new HeadSamples();
    h.put(1, 1, 1, true);
    const before = h.slice(1, 0, 10)!;
    h.put(1, 9, 9, true);
    h.dropBefore(5);
    expect(Array.from(before.values)).toEqual([1]);
    expect(h.slice(1, 0, 2)).toBeNull();
    h.clear();
    expect(h.slice(1, 0, 10)).toBeNull();
    expect(h.series).toBe(0);
  });
});
