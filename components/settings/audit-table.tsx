import type { AuditEntry } from "@/lib/audit";
import { formatTime } from "@/lib/format";

/** The newest audit entries: who changed what, when. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <section className="card wide" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      {entries.length === 0 ? (
        <p className="empty">No changes recorded yet.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.targetType}
                  {e.targetId ? ` ${e.targetId.slice(0, 8)}` : ""}
                </td>
                <td>
                  <code>{e.details ? JSON.stringify(e.details) : ""}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
