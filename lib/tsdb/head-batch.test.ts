import { describe, expect, it } from "vitest";
import { decodeBatch, encodeBatch, lowerBoundId, type HeadRows } from "./head-batch";
import { collectFromBatch, RunBuilder } from "./head-read";

/** Rows sorted by (sid, t) from an unsorted list, the last of equal pairs kept. */
function rowsOf(list: [number, number, number | null][]): HeadRows {
  const sorted = list.map((r, i) => ({ r, i })).sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i);
  const out = { sid: [] as number[], t: [] as number[], v: [] as (number | null)[] };
  sorted.forEach(({ r }, j) => {
    const next = sorted[j + 1]?.r;
    if (next && next[0] === r[0] && next[1] === r[1]) return;
    out.sid.push(r[0]);
    out.t.push(r[1]);
    out.v.push(r[2]);
  });
  return out;
}

function plain(b: ReturnType<typeof decodeBatch>): [number, number, number | null][] {
  return Array.from({ length: b.n }, (_, i) => [b.sids[i], b.times[i], b.stale?.[i] === 1 ? null : b.values[i]]);
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("head batch codec", () => {
  it("round-trips one scrape (one timestamp) and records its bounds", () => {
    const rows = rowsOf([
      [7, 1_000, 1.5],
      [3, 1_000, -0],
      [9, 1_000, Infinity],
      [5, 1_000, NaN],
    ]);
    const e = encodeBatch(rows);
    expect(e).toMatchObject({ n: 4, minT: 1_000, maxT: 1_000, sidMin: 3, sidMax: 9 });
    expect(e.data[1] & 1).toBe(1); // one shared timestamp: no per-sample times stored
    const d = decodeBatch(e.data);
    expect(Array.from(d.sids)).toEqual([3, 5, 7, 9]);
    expect(Array.from(d.times)).toEqual([1_000, 1_000, 1_000, 1_000]);
    expect(Object.is(d.values[0], -0)).toBe(true);
    expect(d.values[1]).toBeNaN();
    expect(d.values[3]).toBe(Infinity);
    expect(d.stale).toBeNull();
  });

  it("round-trips mixed timestamps, negative times and staleness markers", () => {
    const rows = rowsOf([
      [1, -5_000, 2],
      [1, 4_000, null],
      [2, 3_000, 7],
      [2, 2 ** 51, 8],
      [4, 3_000, null],
    ]);
    const d = decodeBatch(encodeBatch(rows).data);
    expect(plain(d)).toEqual([
      [1, -5_000, 2],
      [1, 4_000, null],
      [2, 3_000, 7],
      [2, 2 ** 51, 8],
      [4, 3_000, null],
    ]);
    expect(d.values[1]).toBeNaN(); // a marker's value slot is NaN
  });

  it("reads markers from the typed form (a stale flag array) the same as from nulls", () => {
    const list: [number, number, number | null][] = [[2, 10, 1], [3, 20, null], [8, 30, 3], [8, 40, null]];
    const rows = rowsOf(list);
    const typed: HeadRows = {
      sid: Int32Array.from(rows.sid as number[]),
      t: Float64Array.from(rows.t as number[]),
      v: Float64Array.from(rows.v as (number | null)[], (v) => v ?? NaN),
      stale: Uint8Array.from(rows.v as (number | null)[], (v) => (v === null ? 1 : 0)),
    };
    for (const compress of [true, false]) {
      expect(plain(decodeBatch(encodeBatch(typed, { compress }).data))).toEqual(list);
      expect(encodeBatch(typed, { compress }).data).toEqual(encodeBatch(rows, { compress }).data);
    }
    // No stale array and no nulls: no marker, even where a value is NaN.
    const plainNaN = { sid: [1, 2], t: [5, 5], v: Float64Array.from([NaN, 2]) };
    const d = decodeBatch(encodeBatch(plainNaN).data);
    expect(d.stale).toBeNull();
    expect(d.values[0]).toBeNaN();
  });

  it("decodes from a buffer at an odd offset, as drivers may hand it out", () => {
    for (const compress of [true, false]) {
      const e = encodeBatch(rowsOf([[2, 10, 1], [3, 20, null], [8, 30, 3]]), { compress });
      const big = new Uint8Array(e.data.byteLength + 3);
      big.set(e.data, 3);
      expect(plain(decodeBatch(big.subarray(3)))).toEqual([[2, 10, 1], [3, 20, null], [8, 30, 3]]);
    }
  });

  it("compresses a scrape-like batch and still reads the uncompressed layout", () => {
    const n = 1000;
    const rows = { sid: Array.from({ length: n }, (_, i) => 5_000 + 3 * i), t: new Array(n).fill(1_700_000_000_000), v: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? i * 1.5 : i % 5)) };
    const z = encodeBatch(rows);
    const flat = encodeBatch(rows, { compress: false });
    expect(z.data[0]).toBe(3);
    expect(flat.data[0]).toBe(1);
    expect(z.data.byteLength).toBeLessThan(flat.data.byteLength / 3);
    expect(plain(decodeBatch(z.data))).toEqual(plain(decodeBatch(flat.data)));
    expect(plain(decodeBatch(flat.data))).toEqual(rows.sid.map((s, i) => [s, rows.t[i], rows.v[i]]));
  });

  it("round-trips random batches", () => {
    const next = rng(11);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(next() * 300);
      const list: [number, number, number | null][] = [];
      const sameTime = next() < 0.5;
      for (let i = 0; i < n; i++) {
        const v = next() < 0.1 ? null : (next() - 0.5) * 1e6;
        list.push([Math.floor(next() * 1000), sameTime ? 42_000 : Math.floor(next() * 1e6) - 5e5, v]);
      }
      const rows = rowsOf(list);
      const want = Array.from({ length: rows.sid.length }, (_, i) => [rows.sid[i], rows.t[i], rows.v[i]]);
      expect(plain(decodeBatch(encodeBatch(rows).data))).toEqual(want);
      expect(plain(decodeBatch(encodeBatch(rows, { compress: false }).data))).toEqual(want);
    }
  });

  it("decodes the big-endian records migration 0007 built from the old head table", () => {
    const recs: [number, bigint, number, boolean][] = [
      [4, 1_700_000_000_000n, 1.25, false],
      [4, 1_700_000_015_000n, 0, true],
      [9, -3n, -2.5, false],
    ];
    const buf = new Uint8Array(5 + 21 * recs.length);
    const view = new DataView(buf.buffer);
    view.setUint8(0, 2);
    view.setUint32(1, recs.length, false);
    recs.forEach(([sid, t, v, stale], i) => {
      const off = 5 + 21 * i;
      view.setInt32(off, sid, false);
      view.setBigInt64(off + 4, t, false);
      view.setFloat64(off + 12, stale ? NaN : v, false);
      view.setUint8(off + 20, stale ? 1 : 0);
    });
    expect(plain(decodeBatch(buf))).toEqual([
      [4, 1_700_000_000_000, 1.25],
      [4, 1_700_000_015_000, null],
      [9, -3, -2.5],
    ]);
  });

  it("rejects empty, truncated and unknown input with an error", () => {
    expect(() => encodeBatch({ sid: [], t: [], v: [] })).toThrow(/empty/);
    const e = encodeBatch(rowsOf([[1, 1, 1], [2, 2, 2]]));
    expect(() => decodeBatch(e.data.subarray(0, e.data.byteLength - 4))).toThrow(/corrupt compressed body/);
    const flat = encodeBatch(rowsOf([[1, 1, 1], [2, 2, 2]]), { compress: false });
    expect(() => decodeBatch(flat.data.subarray(0, flat.data.byteLength - 4))).toThrow(/needed/);
    expect(() => decodeBatch(Uint8Array.of(9, 0, 0, 0, 0, 0))).toThrow(/unknown version 9/);
    expect(() => decodeBatch(Uint8Array.of(1))).toThrow(/truncated/);
  });

  it("finds lower bounds of ids", () => {
    const sids = Int32Array.from([1, 3, 3, 8]);
    expect([0, 1, 2, 3, 4, 8, 9].map((id) => lowerBoundId(sids, id))).toEqual([0, 0, 1, 1, 3, 3, 4]);
  });
});

describe("reading wanted series out of head batches", () => {
  it("collects only wanted series within the range, a later batch winning on equal times", () => {
    const b1 = decodeBatch(encodeBatch(rowsOf([[1, 10, 1], [2, 10, 2], [5, 10, 5], [5, 20, 6]])).data);
    const b2 = decodeBatch(encodeBatch(rowsOf([[2, 10, 20], [2, 5, 19], [5, 30, null], [7, 30, 7]])).data);
    const builders = new Map<number, RunBuilder>();
    for (const b of [b1, b2]) collectFromBatch(b, [2, 5, 6], { minT: 5, maxT: 25 }, builders);
    expect([...builders.keys()].sort()).toEqual([2, 5]);
    const r2 = builders.get(2)!.build();
    expect(Array.from(r2.timestamps)).toEqual([5, 10]);
    expect(Array.from(r2.values)).toEqual([19, 20]);
    const r5 = builders.get(5)!.build();
    expect(Array.from(r5.timestamps)).toEqual([10, 20]); // the marker at 30 is outside the range
    expect(r5.stale).toBeNull();
  });

  it("keeps staleness markers and matches a brute-force reading on random batches", () => {
    const next = rng(5);
    for (let round = 0; round < 50; round++) {
      const batches: [number, number, number | null][][] = [];
      for (let k = 0; k < 1 + Math.floor(next() * 6); k++) {
        batches.push(Array.from({ length: 1 + Math.floor(next() * 40) }, () => [Math.floor(next() * 20), Math.floor(next() * 100), next() < 0.2 ? null : Math.round(next() * 100)]));
      }
      const wanted = [...new Set(Array.from({ length: 8 }, () => Math.floor(next() * 22)))].sort((a, b) => a - b);
      const range = { minT: Math.floor(next() * 30), maxT: 50 + Math.floor(next() * 60) };
      const builders = new Map<number, RunBuilder>();
      for (const list of batches) collectFromBatch(decodeBatch(encodeBatch(rowsOf(list)).data), wanted, range, builders);
      // Brute force: the last write of each (series, time) in batch order.
      const last = new Map<string, number | null>();
      for (const list of batches) {
        const rows = rowsOf(list);
        for (let i = 0; i < rows.sid.length; i++) last.set(`${rows.sid[i]}:${rows.t[i]}`, rows.v[i]);
      }
      for (const id of wanted) {
        const expected = [...last.entries()]
          .map(([k, v]) => [Number(k.split(":")[0]), Number(k.split(":")[1]), v] as const)
          .filter(([s, t]) => s === id && t >= range.minT && t <= range.maxT)
          .sort((a, b) => a[1] - b[1]);
        const run = builders.get(id)?.build();
        const got = run ? Array.from(run.timestamps, (t, i) => [id, t, run.stale?.[i] === 1 ? null : run.values[i]] as const) : [];
        expect(got).toEqual(expected);
      }
    }
  });
});
