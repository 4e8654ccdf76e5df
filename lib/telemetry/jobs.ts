import { telemetry } from "./registry";

/** Records one job run in Headroom's own metrics. */
export function recordJobRun(job: string, outcome: string, durationMs: number): void {
  const t = telemetry();
  t.jobRuns.inc({ job, outcome });
  if (outcome === "error") t.jobFailures.inc({ job });
  if (outcome === "ok" || outcome === "error" || outcome === "abandoned") t.jobDuration.observe({ job }, durationMs / 1000);
  if (outcome === "ok") t.jobLastSuccess.set({ job }, Date.now() / 1000);
}
