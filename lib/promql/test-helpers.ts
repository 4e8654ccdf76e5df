/** Test helpers: build a MemoryStorage from promqltest series notation. */
import { MemoryStorage } from "./memory-storage";
import { parseSeriesDesc } from "./promqltest/series-desc";

/** Loads `metric{a="b"} 1 2+1x3 _ stale` lines, one point per `stepMs` from t=0. */
export function storageFrom(stepMs: number, lines: string[]): MemoryStorage {
  const s = new MemoryStorage();
  for (const line of lines) {
    const d = parseSeriesDesc(line);
    d.values.forEach((v, i) => {
      if (v.kind === "float") s.append(d.labels, i * stepMs, v.v);
      else if (v.kind === "stale") s.appendStale(d.labels, i * stepMs);
    });
  }
  return s;
}
