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
    async recordScrape(target, r) {
      await db
        .insert(scrapeTargetStatus)
        .values({ ...describe(target), ...outcome(r) })
        .onConflictDoUpdate({ target: scrapeTargetStatus.key, set: outcome(r) });
    },
  };
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
