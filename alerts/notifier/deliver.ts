/**
 * Delivering the notification outbox: due rows are sent per receiver, then marked delivered in
 * one statement. A crash between the two sends those rows again after the restart: delivery is
 * at least once, and a redelivery carries the same ids (X-Headroom-Notification-Ids) so a receiver
 * can tell. Failures back off; a row is given up after `retryForMs` or a non-retryable answer.
 */
import { and, asc, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertNotifications } from "@/db/schema";
import type { Notification, NotifiedAlert } from "./payload";

/** What delivery needs of a receiver (alerts/receivers implements it). */
export interface Sender {
  send(batch: readonly Notification[], signal?: AbortSignal): Promise<void>;
}

/** Delivery settings. */
export interface DeliverOptions {
  now: number;
  /** Rows taken per call (default 200). */
  batch?: number;
  /** How long delivery is retried before a row is given up (default 24 h). */
  retryForMs?: number;
  signal?: AbortSignal;
}

/** What one call did. */
export interface DeliverResult {
  delivered: number;
  retrying: number;
  failed: number;
}

/** Wait before attempt n+1 after n failed ones: 5 s doubling, at most 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);
const retryable = (err: unknown) => (err as { retryable?: unknown }).retryable !== false;

/** Sends every due notification once; rows for receivers no longer configured are given up. */
export async function deliverDue(db: Db, senders: ReadonlyMap<string, Sender>, opts: DeliverOptions): Promise<DeliverResult> {
  const { now } = opts;
  const out: DeliverResult = { delivered: 0, retrying: 0, failed: 0 };
  const rows = await db
    .select()
    .from(alertNotifications)
    .where(and(isNull(alertNotifications.deliveredAt), isNull(alertNotifications.failedAt), lte(alertNotifications.nextAttemptAt, now)))
    .orderBy(asc(alertNotifications.id))
    .limit(opts.batch ?? 200);
  const byReceiver = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byReceiver.get(r.receiver);
    if (list) list.push(r);
    else byReceiver.set(r.receiver, [r]);
  }
  for (const [name, list] of byReceiver) {
    if (opts.signal?.aborted) break;
    const ids = list.map((r) => r.id);
    const sender = senders.get(name);
    if (!sender) {
      await giveUp(db, ids, now, `receiver ${name} is no longer configured`);
      out.failed += ids.length;
      continue;
    }
    const batch: Notification[] = list.map((r) => ({
      id: r.id,
      receiver: r.receiver,
      status: r.status as Notification["status"],
      alert: r.alert as NotifiedAlert,
      createdAt: r.createdAt,
    }));
    try {
      await sender.send(batch, opts.signal);
    } catch (err) {
      const tooOld = list.every((r) => now - r.createdAt >= (opts.retryForMs ?? 24 * 3600_000));
      if (!retryable(err) || tooOld) {
        await giveUp(db, ids, now, errorText(err));
        out.failed += ids.length;
      } else {
        const attempts = Math.max(...list.map((r) => r.attempts)) + 1;
        await db
          .update(alertNotifications)
          .set({ attempts: sql`${alertNotifications.attempts} + 1`, nextAttemptAt: now + backoffMs(attempts), lastError: errorText(err) })
          .where(inArray(alertNotifications.id, ids));
        out.retrying += ids.length;
      }
      continue;
    }
    await db
      .update(alertNotifications)
      .set({ deliveredAt: now, attempts: sql`${alertNotifications.attempts} + 1`, lastError: null })
      .where(inArray(alertNotifications.id, ids));
    out.delivered += ids.length;
  }
  return out;
}

async function giveUp(db: Db, ids: number[], now: number, reason: string): Promise<void> {
  await db.update(alertNotifications).set({ failedAt: now, lastError: reason }).where(inArray(alertNotifications.id, ids));
}
