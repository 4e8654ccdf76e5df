/** Test helper: building scrapes and comparing results bit-exactly. Not used by the app. */
import type { Labels, SeriesSamples } from "@/lib/model";
import { labelsKey } from "@/lib/model";
import { float8Text } from "./sql-util";
import type { AppendSample } from "./types";

/** A fixed start time, 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);

/** A few label sets over two metrics and jobs, for randomised histories. */
export const SERIES_POOL = [
  { __name__: "req_total", job: "api", instance: "a" },
  { __name__: "req_total", job: "api", instance: "b" },
  { __name__: "req_total", job: "gw", instance: "c" },
  { __name__: "up", job: "api", instance: "a" },
];

/** A sample; pass `stale` for a staleness marker. */
export function sample(labels: Labels, timestamp: number, value: number, stale = false): AppendSample {
  return stale ? { labels, timestamp, value: NaN, stale } : { labels, timestamp, value };
}

/** A text form of series samples that tells -0 from 0 and staleness markers from NaN. */
export function dump(series: SeriesSamples[]): string[] {
  return series.map((s) => {
    const parts: string[] = [];
    for (let i = 0; i < s.timestamps.length; i++) {
      parts.push(`${s.timestamps[i]}=${s.stale?.[i] ? "STALE" : float8Text(s.values[i])}`);
    }
    return `${labelsKey(s.labels)} ${parts.join(" ")}`;
  });
}
