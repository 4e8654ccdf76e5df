/**
 * The demo's state as the job and the Settings page see it: the decision, with what it was
 * taken from (the configuration, the Settings page's switch and the targets).
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import type { HeadroomConfig } from "@/lib/config";
import { demoDecision, isDemoTarget, type DemoDecision } from "./decision";
import { listTargetRows, readDemoSetting } from "./store";

/** The decision and its inputs. */
export interface DemoStatus extends DemoDecision {
  configEnabled: boolean;
  /** The Settings page's switch; null when never set. */
  setting: boolean | null;
  /** Whether the demo's own target is in the database. */
  hasDemoTarget: boolean;
}

/** Reads the switch and the targets, and decides. */
export async function demoStatus(db: Db, config: Pick<HeadroomConfig, "demo" | "scrape_configs">): Promise<DemoStatus> {
  const [setting, rows] = await Promise.all([readDemoSetting(db), listTargetRows(db)]);
  const d = demoDecision({ configEnabled: config.demo.enabled, settingEnabled: setting, configuredJobs: config.scrape_configs.length, dbTargets: rows });
  return { ...d, configEnabled: config.demo.enabled, setting, hasDemoTarget: rows.some(isDemoTarget) };
}

/** What the Settings page sends to flip the switch. */
export const demoSettingSchema = z.strictObject({ enabled: z.boolean({ error: "enabled: must be true or false" }) });
