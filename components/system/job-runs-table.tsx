import type { JobRunRow } from "@/lib/jobs";
import { formatDurationMs, formatTime } from "@/lib/format";

/** The latest job runs with outcome, duration and error. */
export function JobRunsTable({ runs }: { runs: JobRunRow[] }) {
  if (runs.length === 0) return <p className="empty">No runs recorded yet.</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Job</th>
          <th>Started (UTC)</th>
          <th>Duration</th>
          <th>Outcome</th>
          <th>Process</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td>{r.job}</td>
            <td>{formatTime(r.startedAt)}</td>
            <td className="num">{formatDurationMs(r.durationMs)}</td>
            <td>
              <span className={`badge ${r.outcome}`}>{r.outcome}</span>
            </td>
            <td>
              <code>{r.holder}</code>
            </td>
            <td>{r.error ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
