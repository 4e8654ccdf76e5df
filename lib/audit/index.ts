import { desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";

/** Who did something: a user, or Headroom itself at start-up. */
export interface Actor {
  id: string | null;
  label: string;
}

/** The actor for changes Headroom makes on its own (first-start bootstrap, for instance). */
export const SYSTEM_ACTOR: Actor = { id: null, label: "system" };

/** One entry of the audit log. */
export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
}

/**
 * Records a change. `details` must never hold secrets: callers pass what changed, with secret
 * values left out.
 */
export async function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  target: { type: string; id?: string | null },
  details?: Record<string, unknown>,
): Promise<void> {
  await db.insert(auditLog).values({
    actorId: actor.id,
    actor: actor.label,
    action,
    targetType: target.type,
    targetId: target.id ?? null,
    details: details ?? null,
  });
}

/** The newest entries first. */
export async function listAudit(db: Db, limit = 100): Promise<AuditEntry[]> {
  const rows = await db.select().from(auditLog).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
