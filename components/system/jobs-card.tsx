import type { JobSummary } from "@/lib/jobs";
import { formatTime } from "@/lib/format";

/** Periodic jobs with their run and failure counts, from the job_runs table. */
export function JobsCard({ jobs }: { jobs: JobSummary[] }) {
  return (
    <section className="card">
      <h2>Background jobs</h2>
      {jobs.length === 0 ? (
        <p className="empty">No job has run yet. Jobs start with the workers and record every run here.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Job</th>
              <th>Runs</th>
              <th>Failures</th>
              <th>Last success (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.job}>
                <td>{j.job}</td>
                <td className="num">{j.runs}</td>
                <td className="num">{j.failures}</td>
                <td>{formatTime(j.lastSuccessAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
