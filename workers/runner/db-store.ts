import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobLeases, jobRuns } from "@/db/schema";
import type { LeaseStore, RunLog } from "./types";

/**
 * Leases in the job_leases table. Expiry is judged by the database's clock, so processes on
 * machines with skewed clocks still agree; the same SQL runs on PGlite and PostgreSQL.
 */
export function dbLeaseStore(db: Db): LeaseStore {
  return {
    async acquire(job, holder, ttlMs) {
      const rows = await db
        .insert(jobLeases)
        .values({ job, holder, expiresAt: sql`clock_timestamp() + ${ttlMs} * interval '1 millisecond'` })
        .onConflictDoUpdate({
          target: jobLeases.job,
          set: { holder, expiresAt: sql`excluded.expires_at` },
          setWhere: sql`${jobLeases.holder} = ${holder} OR ${jobLeases.expiresAt} < clock_timestamp()`,
        })
        .returning({ holder: jobLeases.holder });
      return rows.length === 1;
    },
    async release(job, holder) {
      await db.delete(jobLeases).where(and(eq(jobLeases.job, job), eq(jobLeases.holder, holder)));
    },
  };
}

/** Run records in the job_runs table. */
export function dbRunLog(db: Db): RunLog {
  return {
    async started(job, holder, at) {
      const [row] = await db
        .insert(jobRuns)
        .values({ job, holder, startedAt: new Date(at), outcome: "running" })
        .returning({ id: jobRuns.id });
      return Number(row.id);
    },
    async finished(id, outcome, at, error) {
      await db
        .update(jobRuns)
        .set({
          outcome,
          finishedAt: new Date(at),
          durationMs: sql`greatest(0, round(extract(epoch from (${new Date(at)}::timestamptz - ${jobRuns.startedAt})) * 1000))::int`,
          error: error ?? null,
        })
        .where(eq(jobRuns.id, id));
    },
  };
}

/** Deletes run records older than `keepMs`; returns how many went. */
export async function pruneJobRuns(db: Db, now: number, keepMs: number): Promise<number> {
  const rows = await db
    .delete(jobRuns)
    .where(lt(jobRuns.startedAt, new Date(now - keepMs)))
    .returning({ id: jobRuns.id });
  return rows.length;
}
