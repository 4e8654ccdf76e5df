/**
 * The queue of benchmarks started from the page or the API. A run is inserted "queued"; a
 * worker claims it with one UPDATE that only a still-queued row satisfies (and that skips rows
 * another transaction holds), so two worker processes never run the same one, on PGlite and
 * PostgreSQL alike. Cancel is a flag the worker reads with each progress write.
 */
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { benchRuns } from "@/db/schema";
import { HEARTBEAT_STALE_MS } from "./store";
import type { QueuedSpec } from "./request-input";
import type { RunProgress } from "./run-progress";

/** A queued run to insert. */
export interface NewQueuedRun {
  spec: QueuedSpec;
  /** planConfig() of the run's plan, shown while it waits. */
  config: Record<string, unknown>;
  /** The endpoint URL or model file, as the target will describe itself. */
  target: string;
  model: string | null;
  /** The API key sealed with lib/secrets, or null. */
  apiKeySealed: string | null;
  requestedBy: { id: string | null; label: string };
  now: Date;
}

// Workers waiting for a queued run in this process. On globalThis, so the web routes and the
// workers share it even when Next.js bundles this module twice.
const WAITERS_KEY = Symbol.for("headroom.bench.queueWaiters");
function waiters(): Set<() => void> {
  const g = globalThis as { [WAITERS_KEY]?: Set<() => void> };
  return (g[WAITERS_KEY] ??= new Set());
}

/**
 * Resolves when a run is queued in this process, after `ms` (a run queued by another process is
 * found by polling), or when `signal` aborts; never rejects.
 */
export function waitForQueuedRun(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiters().delete(done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    waiters().add(done);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Wakes every worker of this process waiting in waitForQueuedRun. */
export function notifyBenchQueued(): void {
  for (const wake of [...waiters()]) wake();
}

/** Inserts a queued run; returns its id. */
export async function enqueueBenchRun(db: Db, r: NewQueuedRun): Promise<number> {
  const [row] = await db
    .insert(benchRuns)
    .values({
      status: "queued",
      target: r.target,
      model: r.model,
      config: r.config,
      spec: r.spec as unknown as Record<string, unknown>,
      apiKeySealed: r.apiKeySealed,
      requestedById: r.requestedBy.id,
      requestedBy: r.requestedBy.label,
      startedAt: r.now,
      heartbeatAt: r.now,
    })
    .returning({ id: benchRuns.id });
  notifyBenchQueued();
  return Number(row.id);
}

/** A run a worker now owns. */
export interface ClaimedRun {
  id: number;
  spec: QueuedSpec;
  config: Record<string, unknown>;
  target: string;
  model: string | null;
  apiKeySealed: string | null;
}

/** Claims the oldest queued run (status becomes "running", started now); null when none waits. */
export async function claimBenchRun(db: Db, now: Date): Promise<ClaimedRun | null> {
  const next = sql`(select ${benchRuns.id} from ${benchRuns} where ${benchRuns.status} = 'queued' order by ${benchRuns.id} limit 1 for update skip locked)`;
  const [row] = await db
    .update(benchRuns)
    .set({ status: "running", startedAt: now, heartbeatAt: now, progress: null })
    .where(and(eq(benchRuns.status, "queued"), eq(benchRuns.id, next)))
    .returning({ id: benchRuns.id, spec: benchRuns.spec, config: benchRuns.config, target: benchRuns.target, model: benchRuns.model, apiKeySealed: benchRuns.apiKeySealed });
  if (!row) return null;
  return { ...row, id: Number(row.id), spec: row.spec as unknown as QueuedSpec };
}

/** What a cancel request did. */
export type CancelOutcome = "canceled" | "requested" | "finished" | "missing";

/**
 * Cancels a run: a queued one (or one whose worker died) at once, a running one by asking its
 * worker, which stops within about a second; a finished run is left as it is.
 */
export async function cancelBenchRun(db: Db, id: number, now: Date, staleMs = HEARTBEAT_STALE_MS): Promise<CancelOutcome> {
  const closed = { status: "canceled", error: "canceled", finishedAt: now, cancelRequestedAt: now, apiKeySealed: null };
  const queued = await db
    .update(benchRuns)
    .set({ ...closed, error: "canceled before it started" })
    .where(and(eq(benchRuns.id, id), eq(benchRuns.status, "queued")))
    .returning({ id: benchRuns.id });
  if (queued.length > 0) return "canceled";
  const orphan = await db
    .update(benchRuns)
    .set(closed)
    .where(and(eq(benchRuns.id, id), eq(benchRuns.status, "running"), lt(benchRuns.heartbeatAt, new Date(now.getTime() - staleMs))))
    .returning({ id: benchRuns.id });
  if (orphan.length > 0) return "canceled";
  const running = await db
    .update(benchRuns)
    .set({ cancelRequestedAt: sql`coalesce(${benchRuns.cancelRequestedAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(benchRuns.id, id), eq(benchRuns.status, "running")))
    .returning({ id: benchRuns.id });
  if (running.length > 0) return "requested";
  const [exists] = await db.select({ id: benchRuns.id }).from(benchRuns).where(eq(benchRuns.id, id));
  return exists ? "finished" : "missing";
}

/**
 * Stores a running run's progress and touches its heartbeat. Returns true when the run should
 * stop: someone asked to cancel it, or it is no longer "running" (closed as interrupted).
 */
export async function reportProgress(db: Db, id: number, progress: RunProgress, now: Date): Promise<boolean> {
  const rows = await db
    .update(benchRuns)
    .set({ progress: progress as unknown as Record<string, unknown>, heartbeatAt: now })
    .where(and(eq(benchRuns.id, id), eq(benchRuns.status, "running")))
    .returning({ cancelRequestedAt: benchRuns.cancelRequestedAt });
  return rows.length === 0 || rows[0].cancelRequestedAt !== null;
}

/** Records what the target turned out to be once prepared: its URL or file, model name, synthetic weights. */
export async function describeRunTarget(db: Db, id: number, t: { target: string; model: string | null; synthetic: boolean }): Promise<void> {
  await db.update(benchRuns).set(t).where(eq(benchRuns.id, id));
}
