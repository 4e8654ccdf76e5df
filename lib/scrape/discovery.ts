import path from "node:path";
import type { Db } from "@/db/client";
import type { HeadroomConfig } from "@/lib/config";
import { listDbTargets } from "./db-targets";
import { FileSdCache, type FileSdSpec } from "./file-sd";
import { configTargets, databaseTarget, dedupeTargets, type DbTargetRow, type ScrapeSetup } from "./targets";
import { listTargetStatus, type TargetStatus } from "./status-store";
import type { Target } from "./types";

/** The scrape-relevant part of the configuration; relative paths resolve next to the config file. */
export function scrapeSetup(config: Pick<HeadroomConfig, "global" | "scrape_configs" | "file">, cwd: string): ScrapeSetup {
  return {
    global: config.global,
    scrape_configs: config.scrape_configs,
    baseDir: config.file ? path.dirname(config.file) : cwd,
  };
}

/**
 * Finds the targets to scrape: static_configs, file_sd files (re-read when they change) and the
 * scrape_targets table. A source that cannot be read keeps its last good targets.
 */
export class TargetDiscovery {
  private readonly fileSd: FileSdCache;
  private readonly specs: FileSdSpec[];
  private lastDbRows: DbTargetRow[] = [];

  constructor(
    private readonly setup: ScrapeSetup,
    private readonly db: Db | null,
    private readonly onError: (message: string) => void = () => {},
  ) {
    this.fileSd = new FileSdCache(onError);
    this.specs = setup.scrape_configs.flatMap((sc) =>
      sc.file_sd_configs.map((f) => ({ job: sc.job_name, files: f.files, refreshIntervalMs: f.refresh_interval })),
    );
  }

  /** The current targets, de-duplicated, at `now`. */
  async discover(now: number): Promise<Target[]> {
    const fileGroups = this.specs.length > 0 ? await this.fileSd.load(this.specs, this.setup.baseDir, now) : new Map();
    if (this.db) {
      try {
        this.lastDbRows = await listDbTargets(this.db);
      } catch (err) {
        this.onError(`reading scrape_targets failed: ${(err as Error).message}`);
      }
    }
    const fromDb: Target[] = [];
    for (const row of this.lastDbRows) {
      try {
        fromDb.push(databaseTarget(row, this.setup));
      } catch (err) {
        this.onError(`scrape_targets row ${row.id}: ${(err as Error).message}`);
      }
    }
    return dedupeTargets([...configTargets(this.setup, fileGroups, this.onError), ...fromDb]);
  }
}

/** The targets of one job, for the Targets page. */
export interface JobTargets {
  job: string;
  targets: TargetStatus[];
  up: number;
}

// A target counts as overdue once this many intervals (plus a grace) pass without a scrape.
const OVERDUE_INTERVALS = 3;
const OVERDUE_GRACE_MS = 30_000;

/**
 * What the Targets page shows at `now`: the status the scraping process recorded, plus static
 * and database targets it has not picked up yet (health unknown), grouped by job. A target not
 * scraped for several intervals is flagged overdue, as its health may be out of date.
 */
export async function listTargets(db: Db, setup: ScrapeSetup, now: number): Promise<JobTargets[]> {
  const [status, rows] = await Promise.all([listTargetStatus(db), listDbTargets(db)]);
  const rowIds = new Set(rows.map((r) => r.id));
  // A database target removed a moment ago may still have a status row from an in-flight scrape.
  const shown = status.filter((s) => s.source !== "database" || (s.targetId !== null && rowIds.has(s.targetId)));
  for (const s of shown) {
    const last = s.lastScrapeAt?.getTime();
    s.overdue = last !== undefined && now - last > OVERDUE_INTERVALS * s.intervalMs + OVERDUE_GRACE_MS;
  }
  const known = new Set(shown.map((s) => s.key));
  const pending = [...configTargets(setup), ...rows.map((r) => databaseTarget(r, setup))].filter((t) => !known.has(t.key));
  for (const t of dedupeTargets(pending)) {
    shown.push({
      key: t.key,
      job: t.job,
      url: t.url,
      labels: { ...t.labels },
      source: t.source,
      targetId: t.targetId,
      health: "unknown",
      intervalMs: t.settings.intervalMs,
      timeoutMs: t.settings.timeoutMs,
      lastScrapeAt: null,
      lastDurationMs: null,
      lastSamples: null,
      lastError: null,
      overdue: false,
    });
  }
  const byJob = new Map<string, TargetStatus[]>();
  for (const s of shown) {
    const list = byJob.get(s.job);
    if (list) list.push(s);
    else byJob.set(s.job, [s]);
  }
  return [...byJob.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([job, targets]) => ({
      job,
      targets: targets.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)),
      up: targets.filter((t) => t.health === "up").length,
    }));
}
