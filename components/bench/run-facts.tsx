import type { RunDetail } from "@/lib/bench/views";
import { formatTime } from "@/lib/format";
import { StateBadge, SyntheticBadge } from "./state-badge";

/** Describes a level sweep from the stored config: `concurrency 1, 2, 4`. */
export function sweepText(config: Record<string, unknown>): string {
  const levels = Array.isArray(config.levels) ? (config.levels as Record<string, unknown>[]) : [];
  if (levels.length === 0) return "—";
  const kind = String(levels[0].kind);
  const key = kind === "concurrency" ? "concurrency" : kind === "rate" ? "rate" : "timeScale";
  return `${kind} ${levels.map((l) => String(l[key])).join(", ")}${kind === "rate" ? "/s" : ""}`;
}

/** What was run, against what, by whom and how it ended. */
export function RunFacts({ run }: { run: RunDetail }) {
  const c = run.config as { stop?: { requests?: number | null; durationS?: number | null }; inputTokens?: number | null; outputTokens?: number | null; goodput?: string | null; minGoodputRatio?: number };
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd>
        <StateBadge state={run.state} />
        {run.error ? <span className="form-error"> {run.error}</span> : null}
      </dd>
      <dt>Target</dt>
      <dd>{run.target}</dd>
      <dt>Model</dt>
      <dd>
        {run.model ?? "—"} {run.synthetic ? <SyntheticBadge /> : null}
      </dd>
      <dt>Load</dt>
      <dd>{sweepText(run.config)}</dd>
      <dt>Per level</dt>
      <dd>
        {c.stop?.requests != null ? `${c.stop.requests} requests` : ""}
        {c.stop?.requests != null && c.stop?.durationS != null ? " or " : ""}
        {c.stop?.durationS != null ? `${c.stop.durationS} s` : ""}
        {c.stop?.requests == null && c.stop?.durationS == null ? "200 requests" : ""}
        {c.inputTokens != null ? `; ${c.inputTokens} in / ${c.outputTokens} out tokens` : ""}
      </dd>
      <dt>SLO</dt>
      <dd>{c.goodput ? `${c.goodput} (≥ ${Math.round((c.minGoodputRatio ?? 0.9) * 100)}% of requests)` : "none"}</dd>
      <dt>Started (UTC)</dt>
      <dd>{formatTime(Date.parse(run.startedAt))}</dd>
      <dt>Finished (UTC)</dt>
      <dd>{run.finishedAt ? formatTime(Date.parse(run.finishedAt)) : "—"}</dd>
      <dt>Started by</dt>
      <dd>
        {run.requestedBy ?? "the command line"}
        {run.hasApiKey ? " (with an API key, stored encrypted until the run ends)" : ""}
      </dd>
    </dl>
  );
}
