import type { Tsdb } from "@/lib/tsdb";
import type { JobSpec } from "../runner";

/** Moves head samples into compressed chunks every five minutes. */
export function compactionJob(tsdb: Tsdb): JobSpec {
  return {
    name: "tsdb-compact",
    intervalMs: 5 * 60_000,
    initialDelayMs: 60_000,
    async run({ now }) {
      await tsdb.compact(now);
    },
  };
}

/** Hourly: builds 5-minute rollups, then drops what is past retention (rollups first, so nothing is dropped unrolled). */
export function retentionJob(tsdb: Tsdb, retention: { retentionMs: number; rollupRetentionMs: number }): JobSpec {
  return {
    name: "tsdb-retention",
    intervalMs: 3600_000,
    initialDelayMs: 2 * 60_000,
    async run({ now, signal }) {
      await tsdb.rollup(now);
      if (signal.aborted) return;
      await tsdb.applyRetention(now, retention);
    },
  };
}
