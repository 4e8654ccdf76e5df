/**
 * Benchmark runs in the database. A run row is inserted as "running" and kept alive by a
 * heartbeat; each level is written when it finishes; the summary, capacity and final status
 * land in one UPDATE, so no reader ever sees a half-written summary. A crash leaves a
 * "running" row whose heartbeat goes stale: runState() calls it "interrupted".
 */
import { and, asc, desc, eq, getTableColumns, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { benchLevels, benchRuns } from "@/db/schema";
import type { Capacity } from "./capacity";
import type { LevelResult } from "./level";
import { decodeRecords, encodeRecords } from "./records-codec";
import type { BenchResult } from "./run";
import type { LevelSummary } from "./summary";
import type { RequestRecord } from "./types";

/** How often a running benchmark touches its row. */
export const HEARTBEAT_MS = 5_000;
/** A running row whose heartbeat is older than this was interrupted. */
export const HEARTBEAT_STALE_MS = 30_000;

/** A stored run as readers get it: the row without its sealed API key, which only the worker reads. */
export type BenchRunRow = Omit<typeof benchRuns.$inferSelect, "apiKeySealed"> & { hasApiKey: boolean };

const { apiKeySealed: _sealed, ...readable } = getTableColumns(benchRuns);
const readColumns = { ...readable, hasApiKey: sql<boolean>`${benchRuns.apiKeySealed} is not null` };
/** Status as readers should show it: "interrupted" is a "running" row with a stale heartbeat. */
export type BenchRunState = "queued" | "running" | "interrupted" | "done" | "failed" | "canceled";

/** What a run row says, with a stale "running" read as "interrupted". */
export function runState(row: Pick<BenchRunRow, "status" | "heartbeatAt">, now: Date, staleMs = HEARTBEAT_STALE_MS): BenchRunState {
  if (row.status === "running") return now.getTime() - row.heartbeatAt.getTime() > staleMs ? "interrupted" : "running";
  return row.status as BenchRunState;
}

/** Options of a recorder. */
export interface RecorderOptions {
  target: string;
  model: string | null;
  config: Record<string, unknown>;
  /** The model file was written by `headroom gguf synth` (its speed is real, its output is not). */
  synthetic?: boolean;
  /** Wall clock (default: new Date()). */
  now?: () => Date;
  heartbeatMs?: number;
  /** Store raw per-request records with each level (default true). */
  keepRecords?: boolean;
  /** Heartbeat failures land here (default: ignored; the next beat retries). */
  onError?: (err: unknown) => void;
}

/** Writes one run as it happens. */
export class BenchRecorder {
  private readonly timer: ReturnType<typeof setInterval>;
  private closed = false;

  private constructor(
    private readonly db: Db,
    /** The run's id. */
    readonly id: number,
    private readonly opts: RecorderOptions,
    private readonly now: () => Date,
  ) {
    this.timer = setInterval(() => void this.heartbeat().catch((e) => opts.onError?.(e)), opts.heartbeatMs ?? HEARTBEAT_MS);
    this.timer.unref?.();
  }

  /** Inserts a "running" run and starts its heartbeat. */
  static async start(db: Db, opts: RecorderOptions): Promise<BenchRecorder> {
    const now = opts.now ?? (() => new Date());
    const t = now();
    const [row] = await db
      .insert(benchRuns)
      .values({ status: "running", target: opts.target, model: opts.model, synthetic: opts.synthetic ?? false, config: opts.config, startedAt: t, heartbeatAt: t })
      .returning({ id: benchRuns.id });
    return new BenchRecorder(db, Number(row.id), opts, now);
  }

  /** Records into a row already marked "running" (a queued run a worker claimed); starts its heartbeat. */
  static attach(db: Db, id: number, opts: RecorderOptions): BenchRecorder {
    return new BenchRecorder(db, id, opts, opts.now ?? (() => new Date()));
  }

  /** Touches the heartbeat of a running run. */
  async heartbeat(): Promise<void> {
    if (this.closed) return;
    await this.db.update(benchRuns).set({ heartbeatAt: this.now() }).where(and(eq(benchRuns.id, this.id), eq(benchRuns.status, "running")));
  }

  /** Stores a finished level (and its raw records unless told not to). */
  async saveLevel(level: LevelResult): Promise<void> {
    await this.db.insert(benchLevels).values({
      runId: this.id,
      position: level.index,
      kind: level.spec.kind,
      load: level.load,
      label: level.label,
      startedAt: new Date(level.startedAt),
      finishedAt: new Date(level.finishedAt),
      stopReason: level.stopReason,
      summary: level.summary as unknown as Record<string, unknown>,
      records: this.opts.keepRecords === false ? null : encodeRecords(level.records),
    });
    await this.heartbeat();
  }

  /** Marks the run done (or canceled) with its summary and capacity, in one statement. */
  async finish(result: BenchResult): Promise<void> {
    const capacity = result.capacity?.capacity ?? null;
    const summary = {
      levels: result.levels.map((l) => ({ position: l.index, label: l.label, kind: l.spec.kind, load: l.load, stopReason: l.stopReason, summary: l.summary })),
      capacityReason: result.capacity?.reason ?? null,
    };
    await this.close(
      result.status === "done"
        ? { status: "done", summary, capacity: capacity as unknown as Record<string, unknown> | null, capacityRps: capacity?.requestsPerSecond ?? null }
        : { status: "canceled", error: "canceled" },
    );
  }

  /** Marks the run failed with the error's message. */
  async fail(err: unknown): Promise<void> {
    await this.close({ status: "failed", error: err instanceof Error ? err.message : String(err) });
  }

  private async close(set: Partial<typeof benchRuns.$inferInsert>): Promise<void> {
    clearInterval(this.timer);
    this.closed = true;
    const t = this.now();
    // The run's sealed API key has no use once it ends, so it goes in the same statement.
    await this.db
      .update(benchRuns)
      .set({ ...set, finishedAt: t, heartbeatAt: t, apiKeySealed: null })
      .where(and(eq(benchRuns.id, this.id), eq(benchRuns.status, "running")));
  }
}

/** A stored level without its raw records. */
export type BenchLevelRow = Omit<typeof benchLevels.$inferSelect, "records" | "summary"> & { summary: LevelSummary; hasRecords: boolean };

/** Recent runs, newest first, with their state as readers should show it. */
export async function listBenchRuns(db: Db, opts: { now: Date; limit?: number }): Promise<(BenchRunRow & { state: BenchRunState })[]> {
  const rows = await db.select(readColumns).from(benchRuns).orderBy(desc(benchRuns.startedAt), desc(benchRuns.id)).limit(opts.limit ?? 50);
  return rows.map((r) => ({ ...r, id: Number(r.id), state: runState(r, opts.now) }));
}

/** One run with its levels (records left out; see loadLevelRecords), or null. */
export async function getBenchRun(db: Db, id: number, now: Date): Promise<{ run: BenchRunRow & { state: BenchRunState }; levels: BenchLevelRow[] } | null> {
  const [run] = await db.select(readColumns).from(benchRuns).where(eq(benchRuns.id, id));
  if (!run) return null;
  const levels = await db
    .select({
      runId: benchLevels.runId,
      position: benchLevels.position,
      kind: benchLevels.kind,
      load: benchLevels.load,
      label: benchLevels.label,
      startedAt: benchLevels.startedAt,
      finishedAt: benchLevels.finishedAt,
      stopReason: benchLevels.stopReason,
      summary: benchLevels.summary,
      hasRecords: sql<boolean>`${benchLevels.records} is not null`,
    })
    .from(benchLevels)
    .where(eq(benchLevels.runId, id))
    .orderBy(asc(benchLevels.position));
  return {
    run: { ...run, id: Number(run.id), state: runState(run, now) },
    levels: levels.map((l) => ({ ...l, runId: Number(l.runId), summary: l.summary as unknown as LevelSummary })),
  };
}

/** The raw per-request records of one level, or null when they were not kept. */
export async function loadLevelRecords(db: Db, runId: number, position: number): Promise<RequestRecord[] | null> {
  const [row] = await db.select({ records: benchLevels.records }).from(benchLevels).where(and(eq(benchLevels.runId, runId), eq(benchLevels.position, position)));
  return row?.records ? decodeRecords(row.records) : null;
}

/** A measured capacity with the run it came from: what lib/capacity reads. */
export interface StoredCapacity extends Capacity {
  runId: number;
  target: string;
  model: string | null;
  finishedAt: Date;
}

/** The capacity of the latest finished run that named one, optionally for a target and model. */
export async function latestCapacity(db: Db, filter: { target?: string; model?: string } = {}): Promise<StoredCapacity | null> {
  const conds = [eq(benchRuns.status, "done"), sql`${benchRuns.capacity} is not null`];
  if (filter.target !== undefined) conds.push(eq(benchRuns.target, filter.target));
  if (filter.model !== undefined) conds.push(eq(benchRuns.model, filter.model));
  const [row] = await db
    .select()
    .from(benchRuns)
    .where(and(...conds))
    .orderBy(desc(benchRuns.finishedAt), desc(benchRuns.id))
    .limit(1);
  if (!row || !row.capacity) return null;
  return { ...(row.capacity as unknown as Capacity), runId: Number(row.id), target: row.target, model: row.model, finishedAt: row.finishedAt! };
}

/** Turns "running" rows with a stale heartbeat into "failed" ones; returns how many. */
export async function markInterruptedRuns(db: Db, now: Date, staleMs = HEARTBEAT_STALE_MS): Promise<number> {
  const cutoff = new Date(now.getTime() - staleMs);
  const rows = await db
    .update(benchRuns)
    .set({
      status: "failed",
      error: sql`'interrupted: no heartbeat since ' || to_char(${benchRuns.heartbeatAt} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'`,
      finishedAt: now,
      apiKeySealed: null,
    })
    .where(and(eq(benchRuns.status, "running"), lt(benchRuns.heartbeatAt, cutoff)))
    .returning({ id: benchRuns.id });
  return rows.length;
}
