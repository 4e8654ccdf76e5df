/** Result checks and summary statistics for perf/promql-range.ts. */
import type { QueryData } from "@/lib/datasource";
import { labelsKey } from "@/lib/model";

/** How a result compares with the reference. */
export interface Agreement {
  series: number;
  referenceSeries: number;
  points: number;
  /** Human-readable differences, the first few only. */
  mismatches: string[];
  mismatchCount: number;
}

function parseValue(s: string): number {
  if (s === "+Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  return Number(s);
}

function close(a: number, b: number, relTol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
}

/** A result kept compactly (typed arrays, not JSON objects), to check others against. */
export type Reference = Map<string, { t: Float64Array; v: Float64Array }>;

/** Compacts a matrix result; a day of 1,000 series is ~100 MB this way instead of ~600 MB. */
export function toReference(data: QueryData): Reference {
  const ref: Reference = new Map();
  if (data.resultType !== "matrix") return ref;
  for (const s of data.result) {
    const t = new Float64Array(s.values.length);
    const v = new Float64Array(s.values.length);
    s.values.forEach(([ts, vs], i) => {
      t[i] = ts;
      v[i] = parseValue(vs);
    });
    ref.set(labelsKey(s.metric), { t, v });
  }
  return ref;
}

/**
 * Compares a range-query result with a reference series by series (matched on labels) and point
 * by point: same timestamps, values within `relTol` relative (NaN equal to NaN).
 */
export function compareToReference(a: QueryData, ref: Reference, relTol = 1e-9, keep = 5): Agreement {
  const out: Agreement = { series: 0, referenceSeries: ref.size, points: 0, mismatches: [], mismatchCount: 0 };
  const note = (msg: string) => {
    out.mismatchCount++;
    if (out.mismatches.length < keep) out.mismatches.push(msg);
  };
  if (a.resultType !== "matrix") {
    note(`result type ${a.resultType}, not matrix`);
    return out;
  }
  out.series = a.result.length;
  const unseen = new Set(ref.keys());
  for (const s of a.result) {
    const key = labelsKey(s.metric);
    const b = ref.get(key);
    unseen.delete(key);
    if (!b) {
      note(`series ${key} missing from the reference`);
      continue;
    }
    if (b.t.length !== s.values.length) note(`series ${key}: ${s.values.length} points vs ${b.t.length}`);
    const n = Math.min(b.t.length, s.values.length);
    for (let i = 0; i < n; i++) {
      out.points++;
      const [ta, va] = s.values[i];
      if (ta !== b.t[i]) {
        note(`series ${key}: point ${i} at t=${ta} vs t=${b.t[i]}`);
        break;
      }
      if (!close(parseValue(va), b.v[i], relTol)) note(`series ${key} at t=${ta}: ${va} vs ${b.v[i]}`);
    }
  }
  for (const key of unseen) note(`series ${key} only in the reference`);
  return out;
}

/** The q-quantile (0..1) by nearest rank; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Milliseconds for a table cell: no decimals from 100 up. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}
