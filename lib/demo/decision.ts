/**
 * Whether the demo runs: only while every setting allows it and the operator has no targets of
 * their own. The demo's own target (job headroom-demo, label demo="true") never counts as theirs.
 */

/** The job name of the demo's scrape target. */
export const DEMO_JOB = "headroom-demo";
/** The model name the demo server serves and its metrics carry. */
export const DEMO_MODEL = "headroom-demo";
/**
 * Labels of the demo's scrape target, on every series scraped from it. `instance` is pinned so
 * that the series continue when the demo server comes back on another port after a restart.
 */
export const DEMO_LABELS: Readonly<Record<string, string>> = { demo: "true", instance: "headroom-demo" };

/** A scrape target stored in the database, as far as the decision needs it. */
export interface TargetRowLike {
  job: string;
  labels: Record<string, string>;
}

/** What decides whether the demo runs. */
export interface DemoInputs {
  /** `demo.enabled` after HEADROOM_DEMO (the configuration). */
  configEnabled: boolean;
  /** The Settings page's switch: null when never set. */
  settingEnabled: boolean | null;
  /** Number of `scrape_configs` entries in headroom.yml. */
  configuredJobs: number;
  /** Every row of the scrape_targets table, the demo's own included. */
  dbTargets: readonly TargetRowLike[];
}

/** The outcome, with the reason shown in logs and on the Settings page. */
export interface DemoDecision {
  on: boolean;
  reason: string;
}

/** True for the demo's own scrape target. */
export function isDemoTarget(row: TargetRowLike): boolean {
  return row.job === DEMO_JOB && row.labels.demo === "true";
}

/** Decides whether the demo should run now. */
export function demoDecision(i: DemoInputs): DemoDecision {
  if (!i.configEnabled) return { on: false, reason: "switched off in the configuration (demo.enabled or HEADROOM_DEMO)" };
  if (i.settingEnabled === false) return { on: false, reason: "switched off on the Settings page" };
  if (i.configuredJobs > 0) return { on: false, reason: "headroom.yml has scrape_configs of its own" };
  const own = i.dbTargets.filter((t) => !isDemoTarget(t)).length;
  if (own > 0) return { on: false, reason: `${own} target${own === 1 ? "" : "s"} added on the Targets page` };
  return { on: true, reason: "no targets of your own yet" };
}
