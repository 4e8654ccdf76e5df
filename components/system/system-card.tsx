import type { Runtime } from "@/lib/runtime";
import { buildInfo } from "@/lib/build-info";
import { formatDuration } from "@/lib/config";

/** Facts about this Headroom process: version, database, workers and the configuration file. */
export function SystemCard({ rt }: { rt: Runtime }) {
  const info = buildInfo();
  const { config, database } = rt;
  return (
    <section className="card">
      <h2>Headroom</h2>
      <dl className="facts">
        <dt>Version</dt>
        <dd>
          {info.version} ({info.revision})
        </dd>
        <dt>Database</dt>
        <dd data-testid="db-kind">
          {database.kind === "pglite" ? "embedded (PGlite)" : "PostgreSQL"} · {database.location}
        </dd>
        <dt>Workers</dt>
        <dd>{config.workers.enabled ? "in this process" : "off here (HEADROOM_WORKERS=off)"}</dd>
        <dt>Config file</dt>
        <dd>{config.file ?? "none (defaults)"}</dd>
        <dt>Scrape interval</dt>
        <dd>{formatDuration(config.global.scrape_interval)}</dd>
        <dt>Rule evaluation</dt>
        <dd>{formatDuration(config.global.evaluation_interval)}</dd>
      </dl>
    </section>
  );
}
