import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SeriesBuffer } from "./series-buffer";

type Op = { kind: "put"; t: number; v: number | null; replace: boolean } | { kind: "drop"; t: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("put" as const), t: fc.integer({ min: 0, max: 60 }), v: fc.option(fc.integer({ min: -9, max: 9 }), { freq: 6 }), replace: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), t: fc.integer({ min: 0, max: 60 }) }) },
);

function contents(b: SeriesBuffer, lo = -Infinity, hi = Infinity): [number, number | null][] {
  const r = b.slice(lo, hi);
  if (!r) return [];
  return Array.from(r.timestamps, (t, i) => [t, r.stale?.[i] === 1 ? null : r.values[i]] as [number, number | null]);
}

describe("SeriesBuffer", () => {
  it.each([
    { name: "in order", ops: [[1, 1], [2, 2], [3, 3]], want: [[1, 1], [2, 2], [3, 3]] },
    { name: "out of order", ops: [[3, 3], [1, 1], [2, 2]], want: [[1, 1], [2, 2], [3, 3]] },
    { name: "a later put wins", ops: [[1, 1], [1, 5]], want: [[1, 5]] },
    { name: "a staleness marker, then a value again", ops: [[1, null], [2, 2]], want: [[1, null], [2, 2]] },
    { name: "a value overwrites a marker", ops: [[1, null], [1, 4]], want: [[1, 4]] },
  ] as { name: string; ops: [number, number | null][]; want: [number, number | null][] }[])("keeps samples sorted and unique: $name", ({ ops, want }) => {
    const b = new SeriesBuffer();
    for (const [t, v] of ops) b.put(t, v, true);
    expect(contents(b)).toEqual(want);
  });

  it("behaves like a sorted map under any sequence of puts and drops", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (ops, a, z) => {
        const b = new SeriesBuffer();
        const model = new Map<number, number | null>();
        for (const op of ops) {
          if (op.kind === "put") {
            b.put(op.t, op.v, op.replace);
            if (op.replace || !model.has(op.t)) model.set(op.t, op.v);
          } else {
            const dropped = b.dropBefore(op.t);
            const gone = [...model.keys()].filter((t) => t < op.t);
            expect(dropped).toBe(gone.length);
            for (const t of gone) model.delete(t);
          }
        }
        const [lo, hi] = a <= z ? [a, z] : [z, a];
        const want = [...model.entries()].filter(([t]) => t >= lo && t <= hi).sort((x, y) => x[0] - y[0]);
        expect(contents(b, lo, hi)).toEqual(want);
        expect(b.length).toBe(model.size);
      }),
      { numRuns: 300 },
    );
  });

  it("returns copies, so later writes do not change a slice already taken", () => {
    const b = new SeriesBuffer();
    b.put(1, 1, true);
    const before = b.slice(0, 10)!;
    b.put(1, 9, true);
    b.dropBefore(5);
    expect(Array.from(before.values)).toEqual([1]);
    expect(b.slice(0, 10)).toBeNull();
  });
});
