import { seriesLabel } from "@/lib/charts";
import type { Labels } from "@/lib/model";

/** An instant query's data as the API returns it. */
export type InstantData =
  | { resultType: "vector"; result: Array<{ metric: Labels; value: [number, string] }> }
  | { resultType: "matrix"; result: Array<{ metric: Labels; values: Array<[number, string]> }> }
  | { resultType: "scalar"; result: [number, string] }
  | { resultType: "string"; result: [number, string] };

const MAX_ROWS = 500;

/** The table view: one row per series (or the scalar), capped with an honest count. */
export function ResultTable({ data }: { data: InstantData }) {
  if (data.resultType === "scalar" || data.resultType === "string") {
    return (
      <table className="data">
        <tbody>
          <tr>
            <td>{data.resultType}</td>
            <td className="num">{data.result[1]}</td>
          </tr>
        </tbody>
      </table>
    );
  }
  if (data.result.length === 0) return <p className="empty">No series matched.</p>;
  const rows: Array<{ metric: Labels; shown: string }> =
    data.resultType === "vector"
      ? data.result.slice(0, MAX_ROWS).map((s) => ({ metric: s.metric, shown: s.value[1] }))
      : data.result.slice(0, MAX_ROWS).map((s) => ({ metric: s.metric, shown: s.values.map(([t, v]) => `${v} @${t}`).join(", ") }));

  return (
    <>
      <table className="data" data-testid="result-table">
        <thead>
          <tr>
            <th>Series</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={seriesLabel(s.metric)}>
              <td>
                <code>{seriesLabel(s.metric)}</code>
              </td>
              <td className="num">{s.shown}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.result.length > MAX_ROWS ? (
        <p className="empty">
          Showing {MAX_ROWS} of {data.result.length} series.
        </p>
      ) : null}
    </>
  );
}
