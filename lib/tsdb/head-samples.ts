/**
 * The head cache's samples: every series' recent samples in a few large typed arrays instead of
 * an object and two growable arrays per series. A series is a chain of fixed-size segments taken
 * from shared pages; appending a newer sample writes into its tail segment, and trimming frees
 * whole segments from the front of the chain. With 100,000 series that is a handful of objects
 * for the garbage collector to trace rather than several hundred thousand, and no reallocation
 * per series as it grows. Samples older than a series' newest (rare: only replays while
 * warming) take a slower path that rewrites that series' chain.
 */
import { lowerBound, type SampleRun } from "./merge";
import { SeriesTable } from "./series-table";

/** Samples per segment: 8 minutes at a 15 s interval. */
const SEG = 32;
/** Segments per page: a page holds 4,096 x 32 samples (1 MiB of timestamps). */
const PAGE_BITS = 12;
const PAGE_SEGS = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SEGS - 1;
const NONE = -1;

/** A growable Int32Array or Float64Array column, indexed by series slot. */
function grown<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Recent samples of many series, by series id; a staleness marker is a flag beside NaN. */
export class HeadSamples {
  // Pages of segments: timestamps, values and staleness flags, SEG slots per segment.
  private tsPages: Float64Array[] = [];
  private vsPages: Float64Array[] = [];
  private stPages: Uint8Array[] = [];
  /** Per segment: the next segment of its series, or NONE. */
  private nextPages: Int32Array[] = [];
  private freeSegs: number[] = [];
  private segCount = 0;

  /** Series id to slot; slots index the per-series columns below. */
  private readonly slots = new SeriesTable<number>();
  private freeSlots: number[] = [];
  private slotCount = 0;
  private head = new Int32Array(1024);
  private tail = new Int32Array(1024);
  /** Index in the head segment of the series' first sample. */
  private start = new Int32Array(1024);
  /** Samples written in the tail segment. */
  private fill = new Int32Array(1024);
  private count = new Int32Array(1024);
  private last = new Float64Array(1024);
  private total = 0;

  /** Series held. */
  get series(): number {
    return this.slots.size;
  }

  /** Samples held. */
  get samples(): number {
    return this.total;
  }

  /** Forgets everything (the pages are kept for reuse). */
  clear(): void {
    this.slots.clear();
    this.freeSlots = [];
    this.slotCount = 0;
    this.freeSegs = [];
    this.segCount = 0;
    this.total = 0;
  }

  private newSeg(): number {
    const free = this.freeSegs.pop();
    if (free !== undefined) {
      this.nextPages[free >> PAGE_BITS][free & PAGE_MASK] = NONE;
      return free;
    }
    const seg = this.segCount++;
    if (seg >> PAGE_BITS >= this.tsPages.length) {
      this.tsPages.push(new Float64Array(PAGE_SEGS * SEG));
      this.vsPages.push(new Float64Array(PAGE_SEGS * SEG));
      this.stPages.push(new Uint8Array(PAGE_SEGS * SEG));
      this.nextPages.push(new Int32Array(PAGE_SEGS));
    }
    this.nextPages[seg >> PAGE_BITS][seg & PAGE_MASK] = NONE;
    return seg;
  }

  private nextOf(seg: number): number {
    return this.nextPages[seg >> PAGE_BITS][seg & PAGE_MASK];
  }

  private slotOf(id: number): number {
    let slot = this.slots.get(id);
    if (slot !== undefined) return slot;
    slot = this.freeSlots.pop() ?? this.slotCount++;
    const need = slot + 1;
    if (need > this.head.length) {
      this.head = grown(this.head, need);
      this.tail = grown(this.tail, need);
      this.start = grown(this.start, need);
      this.fill = grown(this.fill, need);
      this.count = grown(this.count, need);
      this.last = grown(this.last, need);
    }
    const seg = this.newSeg();
    this.head[slot] = seg;
    this.tail[slot] = seg;
    this.start[slot] = 0;
    this.fill[slot] = 0;
    this.count[slot] = 0;
    this.last[slot] = -Infinity;
    this.slots.set(id, slot);
    return slot;
  }

  /** Appends a sample newer than everything the slot holds. */
  private append(slot: number, t: number, v: number | null): void {
    let seg = this.tail[slot];
    if (this.fill[slot] === SEG) {
      const fresh = this.newSeg();
      this.nextPages[seg >> PAGE_BITS][seg & PAGE_MASK] = fresh;
      this.tail[slot] = seg = fresh;
      this.fill[slot] = 0;
    }
    const page = seg >> PAGE_BITS;
    const at = (seg & PAGE_MASK) * SEG + this.fill[slot]++;
    this.tsPages[page][at] = t;
    if (v === null) {
      this.vsPages[page][at] = NaN;
      this.stPages[page][at] = 1;
    } else {
      this.vsPages[page][at] = v;
      this.stPages[page][at] = 0;
    }
    this.last[slot] = t;
    this.count[slot]++;
    this.total++;
  }

  /**
   * Puts one sample of series `id` (`null`: a staleness marker). An equal timestamp is
   * overwritten when `replace` is true (a later append wins) and kept otherwise.
   */
  put(id: number, t: number, v: number | null, replace: boolean): void {
    const slot = this.slotOf(id);
    if (t > this.last[slot]) return this.append(slot, t, v);
    // Older than the newest: overwrite an equal timestamp in place, or rebuild the chain.
    const run = this.read(slot, -Infinity, Infinity);
    const ts = run.timestamps;
    const lo = lowerBound(ts, t);
    if (lo < ts.length && ts[lo] === t) {
      if (replace) this.overwrite(slot, lo, v);
      return;
    }
    const n = ts.length;
    this.release(slot, id);
    const fresh = this.slotOf(id);
    for (let i = 0; i <= n; i++) {
      if (i === lo) this.append(fresh, t, v);
      if (i < n) this.append(fresh, ts[i], run.stale?.[i] === 1 ? null : run.values[i]);
    }
  }

  /** Overwrites the value of the slot's k-th sample. */
  private overwrite(slot: number, k: number, v: number | null): void {
    let seg = this.head[slot];
    let i = this.start[slot] + k;
    while (i >= SEG) {
      i -= SEG;
      seg = this.nextOf(seg);
    }
    const page = seg >> PAGE_BITS;
    const at = (seg & PAGE_MASK) * SEG + i;
    this.vsPages[page][at] = v === null ? NaN : v;
    this.stPages[page][at] = v === null ? 1 : 0;
  }

  /** Frees a slot and its segments, and forgets which series it held. */
  private release(slot: number, id: number): void {
    for (let seg = this.head[slot]; seg !== NONE; seg = this.nextOf(seg)) this.freeSegs.push(seg);
    this.total -= this.count[slot];
    this.freeSlots.push(slot);
    this.slots.delete(id);
  }

  /** Drops every series' samples older than `cut`, and series left with none. */
  dropBefore(cut: number): void {
    for (const [id, slot] of this.slots.entries()) {
      if (this.last[slot] < cut) {
        this.release(slot, id);
        continue;
      }
      // Whole segments first, then within the (new) head segment.
      let seg = this.head[slot];
      let from = this.start[slot];
      while (seg !== this.tail[slot]) {
        const lastAt = (seg & PAGE_MASK) * SEG + SEG - 1;
        if (this.tsPages[seg >> PAGE_BITS][lastAt] >= cut) break;
        this.count[slot] -= SEG - from;
        this.total -= SEG - from;
        this.freeSegs.push(seg);
        seg = this.nextOf(seg);
        from = 0;
      }
      const end = seg === this.tail[slot] ? this.fill[slot] : SEG;
      const ts = this.tsPages[seg >> PAGE_BITS];
      const base = (seg & PAGE_MASK) * SEG;
      let i = from;
      while (i < end && ts[base + i] < cut) i++;
      this.count[slot] -= i - from;
      this.total -= i - from;
      this.head[slot] = seg;
      this.start[slot] = i;
    }
  }

  /** Copies of a series' samples within [minT, maxT], or null when there are none. */
  slice(id: number, minT: number, maxT: number): SampleRun | null {
    const slot = this.slots.get(id);
    if (slot === undefined) return null;
    const run = this.read(slot, minT, maxT);
    return run.timestamps.length === 0 ? null : run;
  }

  private read(slot: number, minT: number, maxT: number): { timestamps: Float64Array; values: Float64Array; stale: Uint8Array | null } {
    // Two passes: count, then copy into arrays of the exact size.
    let n = 0;
    this.walk(slot, minT, maxT, () => n++);
    const timestamps = new Float64Array(n);
    const values = new Float64Array(n);
    let stale: Uint8Array | null = null;
    let k = 0;
    this.walk(slot, minT, maxT, (page, at) => {
      timestamps[k] = this.tsPages[page][at];
      values[k] = this.vsPages[page][at];
      if (this.stPages[page][at] === 1) (stale ??= new Uint8Array(n))[k] = 1;
      k++;
    });
    return { timestamps, values, stale };
  }

  private walk(slot: number, minT: number, maxT: number, visit: (page: number, at: number) => void): void {
    const tail = this.tail[slot];
    for (let seg = this.head[slot], from = this.start[slot]; seg !== NONE; seg = this.nextOf(seg), from = 0) {
      const page = seg >> PAGE_BITS;
      const ts = this.tsPages[page];
      const base = (seg & PAGE_MASK) * SEG;
      const end = seg === tail ? this.fill[slot] : SEG;
      if (end > from && ts[base + end - 1] < minT) continue;
      for (let i = from; i < end; i++) {
        const t = ts[base + i];
        if (t > maxT) return;
        if (t >= minT) visit(page, base + i);
      }
    }
  }
}
