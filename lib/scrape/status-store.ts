import { GroupWriter } from "@/lib/async";
import { asc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scrapeTargetStatus } from "@/db/schema";
import type { ScrapeResult, Target, TargetHealth, TargetSource, TargetStatusSink } from "./types";

/** A target as the Targets page shows it. */
export interface TargetStatus {
  key: string;
  job: string;
  url: string;
  labels: Record<string, string>;
  source: TargetSource;
  /** The scrape_targets row, for targets that can be removed on the page. */
  targetId: number | null;
  health: TargetHealth;
  intervalMs: number;
  timeoutMs: number;
  lastScrapeAt: Date | null;
  lastDurationMs: number | null;
  lastSamples: number | null;
  lastError: string | null;
  /** No scrape recorded for several intervals: no process may be scraping (set by listTargets). */
  overdue: boolean;
}

/** Target status in the scrape_target_status table, written by the scraping process. */
export function dbStatusStore(db: Db): TargetStatusSink {
  return {
    async syncTargets(targets, now) {
      const at = new Date(now);
      await db.transaction(async (tx) => {
        if (targets.length === 0) {
          await tx.delete(scrapeTargetStatus);
          return;
        }
        // One JSON parameter rather than one per key: PostgreSQL allows at most 65535 parameters.
        const keys = JSON.stringify(targets.map((t) => t.key));
        await tx.delete(scrapeTargetStatus).where(sql`${scrapeTargetStatus.key} NOT IN (SELECT jsonb_array_elements_text(${keys}::jsonb))`);
        for (let i = 0; i < targets.length; i += 1000) {
          await tx
            .insert(scrapeTargetStatus)
            .values(targets.slice(i, i + 1000).map((t) => ({ ...describe(t), health: "unknown", updatedAt: at })))
            .onConflictDoUpdate({
              target: scrapeTargetStatus.key,
              set: {
                source: sql`excluded.source`,
                targetId: sql`excluded.target_id`,
                intervalMs: sql`excluded.interval_ms`,
                timeoutMs: sql`excluded.timeout_ms`,
              },
            });
        }
      });
    },
    recordScrape: groupCommit(async (items) => {
      // Latest result per target wins; one statement for all of them.
      const latest = new Map<string, { target: Target; r: ScrapeResult }>();
      for (const it of items) latest.set(it.target.key, it);
      const rows = [...latest.values()].sort((a, b) => (a.target.key < b.target.key ? -1 : 1)).map(({ target, r }) => ({ ...describe(target), ...outcome(r) }));
      // At most 1,000 rows a statement: PostgreSQL allows 65,535 parameters.
      for (let i = 0; i < rows.length; i += 1000) await upsertOutcomes(db, rows.slice(i, i + 1000));
    }),
  };
}

async function upsertOutcomes(db: Db, rows: (ReturnType<typeof describe> & ReturnType<typeof outcome>)[]): Promise<void> {
  await db
    .insert(scrapeTargetStatus)
    .values(rows)
    .onConflictDoUpdate({
      target: scrapeTargetStatus.key,
      set: {
        health: sql`excluded.health`,
        lastScrapeAt: sql`excluded.last_scrape_at`,
        lastDurationMs: sql`excluded.last_duration_ms`,
        lastSamples: sql`excluded.last_samples`,
        lastError: sql`excluded.last_error`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** Longest a scrape's status waits for others to share its write (a tenth of its interval, at most 1 s). */
const MAX_LINGER_MS = 1_000;

/**
 * Group commit for status rows: a call resolves once its row is written, but rows arriving within
 * a short linger (or while a write is running) share one statement. Every scrape writes its own
 * samples anyway; this keeps the Targets page from costing a second statement per scrape.
 */
function groupCommit(write: (items: { target: Target; r: ScrapeResult }[]) => Promise<void>) {
  const writer = new GroupWriter(write, MAX_LINGER_MS);
  return (target: Target, r: ScrapeResult): Promise<void> => writer.add({ target, r }, Math.max(0, target.settings.intervalMs / 10));
}

function describe(t: Target) {
  return {
    key: t.key,
    job: t.job,
    url: t.url,
    labels: { ...t.labels },
    source: t.source,
    targetId: t.targetId,
    intervalMs: t.settings.intervalMs,
    timeoutMs: t.settings.timeoutMs,
  };
}

function outcome(r: ScrapeResult) {
  return {
    health: r.health,
    lastScrapeAt: new Date(r.at),
    lastDurationMs: r.durationMs,
    lastSamples: r.stored,
    lastError: r.error,
    updatedAt: new Date(r.at),
  };
}

/** Every target the scraping process knows, by job and URL. */
export async function listTargetStatus(db: Db): Promise<TargetStatus[]> {
  const rows = await db.select().from(scrapeTargetStatus).orderBy(asc(scrapeTargetStatus.job), asc(scrapeTargetStatus.url), asc(scrapeTargetStatus.key));
  return rows.map((r) => ({
    key: r.key,
    job: r.job,
    url: r.url,
    labels: r.labels,
    source: r.source as TargetSource,
    targetId: r.targetId,
    health: r.health as TargetHealth,
    intervalMs: r.intervalMs,
    timeoutMs: r.timeoutMs,
    lastScrapeAt: r.lastScrapeAt,
    lastDurationMs: r.lastDurationMs,
    lastSamples: r.lastSamples,
    lastError: r.lastError,
    overdue: false,
  }));
}
