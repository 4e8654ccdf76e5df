/**
 * One series' recent samples in memory, time-ordered and de-duplicated, for the head cache.
 * Appends of newer samples are O(1) amortised; an older sample is merged in place.
 */
import type { SampleRun } from "./merge";

function lowerBound(ts: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A growable, sorted run of samples; a staleness marker is kept as a flag beside NaN. */
export class SeriesBuffer {
  private ts = new Float64Array(16);
  private vs = new Float64Array(16);
  private st: Uint8Array | null = null;
  private n = 0;

  /** Number of samples held. */
  get length(): number {
    return this.n;
  }

  /** The newest timestamp held, or -Infinity when empty. */
  get lastT(): number {
    return this.n === 0 ? -Infinity : this.ts[this.n - 1];
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const ts = new Float64Array(cap);
    ts.set(this.ts.subarray(0, this.n));
    const vs = new Float64Array(cap);
    vs.set(this.vs.subarray(0, this.n));
    this.ts = ts;
    this.vs = vs;
    if (this.st) {
      const st = new Uint8Array(cap);
      st.set(this.st.subarray(0, this.n));
      this.st = st;
    }
  }

  private write(i: number, v: number | null): void {
    if (v === null) {
      this.st ??= new Uint8Array(this.ts.length);
      this.st[i] = 1;
      this.vs[i] = NaN;
    } else {
      if (this.st) this.st[i] = 0;
      this.vs[i] = v;
    }
  }

  /**
   * Puts one sample (`null`: a staleness marker). An equal timestamp is overwritten when
   * `replace` is true (a later append wins, as ON CONFLICT DO UPDATE does) and kept otherwise.
   */
  put(t: number, v: number | null, replace: boolean): void {
    if (t > this.lastT) {
      if (this.n === this.ts.length) this.grow();
      this.ts[this.n] = t;
      this.write(this.n, v);
      this.n++;
      return;
    }
    const i = lowerBound(this.ts, this.n, t);
    if (i < this.n && this.ts[i] === t) {
      if (replace) this.write(i, v);
      return;
    }
    if (this.n === this.ts.length) this.grow();
    this.ts.copyWithin(i + 1, i, this.n);
    this.vs.copyWithin(i + 1, i, this.n);
    this.st?.copyWithin(i + 1, i, this.n);
    this.ts[i] = t;
    this.write(i, v);
    this.n++;
  }

  /** Drops samples older than `t`; returns how many were dropped. */
  dropBefore(t: number): number {
    const k = lowerBound(this.ts, this.n, t);
    if (k === 0) return 0;
    this.ts.copyWithin(0, k, this.n);
    this.vs.copyWithin(0, k, this.n);
    this.st?.copyWithin(0, k, this.n);
    this.n -= k;
    return k;
  }

  /** A copy of the samples within [minT, maxT], or null when there are none. */
  slice(minT: number, maxT: number): SampleRun | null {
    const from = lowerBound(this.ts, this.n, minT);
    const to = lowerBound(this.ts, this.n, maxT + 1);
    if (to <= from) return null;
    let stale: Uint8Array | null = null;
    if (this.st) {
      const s = this.st.slice(from, to);
      if (s.includes(1)) stale = s;
    }
    return { timestamps: this.ts.slice(from, to), values: this.vs.slice(from, to), stale };
  }
}
