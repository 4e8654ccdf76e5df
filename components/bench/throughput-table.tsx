import { formatFigure } from "@/lib/bench/chart";
import type { LevelView } from "@/lib/bench/views";
import { formatPercent } from "@/lib/format";

/** `http_429 ×3, timeout ×1`, most frequent first. */
function failures(f: Record<string, number>): string {
  const list = Object.entries(f).sort((a, b) => b[1] - a[1]);
  return list.length === 0 ? "—" : list.map(([k, n]) => `${k} ×${n}`).join(", ");
}

/** Per level: requests, throughputs, goodput, failures by cause and why the level stopped. */
export function ThroughputTable({ levels }: { levels: LevelView[] }) {
  return (
    <table className="data" aria-label="Throughput by level">
      <thead>
        <tr>
          <th>Level</th>
          <th className="num" style={{ textAlign: "right" }}>ok</th>
          <th className="num" style={{ textAlign: "right" }}>failed</th>
          <th className="num" style={{ textAlign: "right" }}>req/s</th>
          <th className="num" style={{ textAlign: "right" }}>output tok/s</th>
          <th className="num" style={{ textAlign: "right" }}>total tok/s</th>
          <th className="num" style={{ textAlign: "right" }}>goodput</th>
          <th className="num" style={{ textAlign: "right" }}>good req/s</th>
          <th>Failures by cause</th>
          <th>Stopped by</th>
        </tr>
      </thead>
      <tbody>
        {levels.map((l) => {
          const s = l.summary;
          const measured = s.requests > 0;
          return (
            <tr key={l.position}>
              <td>{l.label}</td>
              <td className="num">{s.completed}</td>
              <td className="num">{s.failed}</td>
              <td className="num">{measured ? formatFigure(s.requestThroughput) : "—"}</td>
              <td className="num">{measured ? formatFigure(s.outputThroughput) : "—"}</td>
              <td className="num">{measured ? formatFigure(s.totalTokenThroughput) : "—"}</td>
              <td className="num">{s.goodput && measured ? formatPercent(s.goodput.ratio) : "—"}</td>
              <td className="num">{s.goodput && measured ? formatFigure(s.goodput.perSecond) : "—"}</td>
              <td>{failures(s.failures)}</td>
              <td>{l.stopReason}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
