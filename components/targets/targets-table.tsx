import type { JobTargets } from "@/lib/scrape";
import { formatDurationMs, formatTime } from "@/lib/format";
import { HealthBadge } from "./health-badge";
import { RemoveTargetButton } from "./remove-target-button";

// Endpoint, health, labels, last scrape, duration, samples, error, source (and remove).
const COLUMNS = [21, 7, 21, 13, 7, 7, 16, 8];
const COLUMNS_EDIT = [19, 7, 19, 12, 7, 6, 15, 7, 8];

const SOURCE: Record<string, string> = { config: "headroom.yml", file_sd: "file_sd", database: "added here" };

/**
 * One job's targets, as Prometheus's /targets page lists them. Labels and errors come from the
 * targets themselves, so they are rendered as text only.
 */
export function TargetsTable({ job, canEdit }: { job: JobTargets; canEdit: boolean }) {
  const headingId = `job-${job.job.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
  return (
    <section className="card wide" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {job.job}{" "}
        <span className={job.up === job.targets.length ? "badge ok" : "badge error"}>
          {job.up}/{job.targets.length} up
        </span>
        {job.targets.some((t) => t.labels.demo === "true") ? (
          <>
            {" "}
            <span className="badge warn" title="Headroom's own synthetic model and load, shown until you add a target of your own (docs/configuration.md: demo)">
              demo traffic
            </span>
          </>
        ) : null}
      </h2>
      {/* Fixed column widths, so the tables of all jobs line up under each other. */}
      <table className="data" style={{ tableLayout: "fixed" }}>
        <colgroup>
          {(canEdit ? COLUMNS_EDIT : COLUMNS).map((w, i) => (
            <col key={i} style={{ width: `${w}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th>Endpoint</th>
            <th>Health</th>
            <th>Labels</th>
            <th>Last scrape (UTC)</th>
            <th>Duration</th>
            <th>Samples</th>
            <th>Error</th>
            <th>Source</th>
            {canEdit ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {job.targets.map((t) => (
            <tr key={t.key}>
              <td style={{ overflowWrap: "anywhere" }}>
                <code>{t.url}</code>
              </td>
              <td>
                <HealthBadge health={t.health} />
                {t.overdue ? (
                  <>
                    {" "}
                    <span className="badge warn" title="No scrape recorded for several intervals: is a worker process running?">
                      overdue
                    </span>
                  </>
                ) : null}
              </td>
              <td>
                {Object.entries(t.labels).map(([name, value]) => (
                  <span key={name} className="badge" style={{ marginRight: 4 }}>
                    {name}=&quot;{value}&quot;
                  </span>
                ))}
              </td>
              <td>{formatTime(t.lastScrapeAt)}</td>
              <td className="num">{formatDurationMs(t.lastDurationMs)}</td>
              <td className="num">{t.lastSamples ?? "—"}</td>
              <td className={t.lastError ? "form-error" : undefined} style={{ overflowWrap: "anywhere" }}>
                {t.lastError ?? ""}
              </td>
              <td>{SOURCE[t.source] ?? t.source}</td>
              {canEdit ? <td>{t.source === "database" && t.targetId !== null ? <RemoveTargetButton id={t.targetId} url={t.url} /> : null}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
