import type { Db } from "@/db/client";
import { pruneJobRuns, type JobSpec } from "../runner";

const KEEP_RUNS_MS = 7 * 24 * 3600_000;

/** Keeps the job_runs table bounded: records older than a week are deleted hourly. */
export function housekeepingJob(db: Db): JobSpec {
  return {
    name: "housekeeping",
    intervalMs: 3600_000,
    initialDelayMs: 30_000,
    async run({ now }) {
      await pruneJobRuns(db, now, KEEP_RUNS_MS);
    },
  };
}
