import { desc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";

/** One recorded run of a periodic job. */
export interface JobRunRow {
  id: number;
  job: string;
  holder: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  outcome: string;
  error: string | null;
}

/** The most recent runs, newest first. */
export async function listJobRuns(db: Db, limit = 50): Promise<JobRunRow[]> {
  const rows = await db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Per job: runs and failures recorded, and when it last succeeded. */
export interface JobSummary {
  job: string;
  runs: number;
  failures: number;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
}

/** Summaries of every job that has run, by name. */
export async function summarizeJobs(db: Db): Promise<JobSummary[]> {
  const rows = await db
    .select({
      job: jobRuns.job,
      runs: sql<number>`count(*)::int`,
      failures: sql<number>`(count(*) filter (where ${jobRuns.outcome} = 'error'))::int`,
      lastRunAt: sql<string | null>`max(${jobRuns.startedAt})`,
      lastSuccessAt: sql<string | null>`max(${jobRuns.startedAt}) filter (where ${jobRuns.outcome} = 'ok')`,
      lastError: sql<string | null>`(array_agg(${jobRuns.error} order by ${jobRuns.startedAt} desc) filter (where ${jobRuns.outcome} = 'error'))[1]`,
    })
    .from(jobRuns)
    .groupBy(jobRuns.job)
    .orderBy(jobRuns.job);
  return rows.map((r) => ({
    job: r.job,
    runs: Number(r.runs),
    failures: Number(r.failures),
    lastRunAt: r.lastRunAt ? new Date(r.lastRunAt) : null,
    lastSuccessAt: r.lastSuccessAt ? new Date(r.lastSuccessAt) : null,
    lastError: r.lastError,
  }));
}
