/**
 * What the demo keeps in the database: its scrape target (a scrape_targets row, so the scrape
 * job and the Targets page treat it as any other) and the Settings page's switch (app_settings).
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, scrapeTargets, scrapeTargetStatus } from "@/db/schema";
import { DEMO_JOB, DEMO_LABELS, isDemoTarget, type TargetRowLike } from "./decision";

const SETTING_KEY = "demo.enabled";

/** The demo's target rows (normally none or one). */
export async function listDemoTargets(db: Db): Promise<{ id: number; url: string }[]> {
  const rows = await db.select().from(scrapeTargets).where(eq(scrapeTargets.job, DEMO_JOB));
  return rows.filter(isDemoTarget).map((r) => ({ id: r.id, url: r.url }));
}

/** Every target row as the decision needs it. */
export async function listTargetRows(db: Db): Promise<TargetRowLike[]> {
  return db.select({ job: scrapeTargets.job, labels: scrapeTargets.labels }).from(scrapeTargets);
}

/**
 * Makes `url` the demo's one target: rows of earlier runs at other URLs go (a restart may land
 * on another port), so there is never more than one.
 */
export async function ensureDemoTarget(db: Db, url: string, intervalMs: number | null): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = (await tx.select().from(scrapeTargets).where(eq(scrapeTargets.job, DEMO_JOB))).filter(isDemoTarget);
    const stale = rows.filter((r) => r.url !== url || r.intervalMs !== intervalMs).map((r) => r.id);
    if (stale.length > 0) await deleteRows(tx, stale);
    if (rows.length === stale.length) {
      await tx.insert(scrapeTargets).values({ job: DEMO_JOB, url, labels: { ...DEMO_LABELS }, intervalMs }).onConflictDoNothing();
    }
  });
}

/** Removes the demo's targets (their scraped data stays in the store); returns how many went. */
export async function removeDemoTargets(db: Db): Promise<number> {
  const ids = (await listDemoTargets(db)).map((r) => r.id);
  if (ids.length > 0) await db.transaction((tx) => deleteRows(tx, ids));
  return ids.length;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function deleteRows(tx: Tx, ids: number[]): Promise<void> {
  await tx.delete(scrapeTargets).where(and(eq(scrapeTargets.job, DEMO_JOB), inArray(scrapeTargets.id, ids)));
  await tx.delete(scrapeTargetStatus).where(inArray(scrapeTargetStatus.targetId, ids));
}

/** The Settings page's switch: true or false once set, null before. */
export async function readDemoSetting(db: Db): Promise<boolean | null> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, SETTING_KEY));
  return row ? row.value === "on" : null;
}

/** Sets the Settings page's switch. */
export async function writeDemoSetting(db: Db, enabled: boolean): Promise<void> {
  const value = enabled ? "on" : "off";
  await db
    .insert(appSettings)
    .values({ key: SETTING_KEY, value })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: new Date() } });
}
