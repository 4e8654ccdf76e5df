import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SeriesTable } from "./series-table";

describe("SeriesTable", () => {
  it("behaves as a Map for any sequence of sets and deletes, dense and sparse ids alike", () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 60, max: 100 }), fc.integer({ min: -3, max: -1 }));
    const op = fc.oneof(
      fc.record({ kind: fc.constant("set" as const), id, v: fc.integer() }),
      fc.record({ kind: fc.constant("delete" as const), id }),
      fc.record({ kind: fc.constant("clear" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const table = new SeriesTable<number>(50);
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === "set") {
            table.set(o.id, o.v);
            model.set(o.id, o.v);
          } else if (o.kind === "delete") {
            table.delete(o.id);
            model.delete(o.id);
          } else {
            table.clear();
            model.clear();
          }
          expect(table.size).toBe(model.size);
        }
        for (const [k, v] of model) expect(table.get(k)).toBe(v);
        const dense = [...model].filter(([k]) => k >= 0 && k < 50).sort((a, b) => a[0] - b[0]);
        const sparse = [...model].filter(([k]) => !(k >= 0 && k < 50));
        expect([...table.entries()]).toEqual([...dense, ...sparse]);
      }),
    );
  });

  it("allows deleting the current entry while iterating", () => {
    const table = new SeriesTable<string>(10);
    for (const k of [1, 2, 3, 20, 30]) table.set(k, `v${k}`);
    for (const [k] of table.entries()) if (k !== 3) table.delete(k);
    expect([...table.entries()]).toEqual([[3, "v3"]]);
    expect(table.size).toBe(1);
  });
});
