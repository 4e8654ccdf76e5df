"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TimeSeriesChartData } from "@/lib/charts";
import { formatTime } from "@/lib/format";

const COLORS = ["#2f6fdb", "#d9822b", "#1f8a4c", "#c53030", "#7b4bd1", "#0f8b8d", "#b7791f", "#5d6778", "#d53f8c", "#2c7a7b"];

const shortTime = (t: number) => formatTime(t).slice(11, 16);

/** A line chart of prepared time-series data; gaps stay gaps, and a capped series count is said. */
export function TimeSeriesChart({ data, height = 320 }: { data: TimeSeriesChartData; height?: number }) {
  if (data.total === 0) return <p className="empty">The query returned no series for this range.</p>;
  return (
    <figure className="chart" aria-label="Query result chart">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#eef0f3" />
          <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} tickFormatter={shortTime} fontSize={12} />
          <YAxis fontSize={12} width={64} />
          <Tooltip labelFormatter={(t) => `${formatTime(Number(t))} UTC`} />
          {data.series.length <= 8 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {data.series.map((s, i) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={COLORS[i % COLORS.length]}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
              strokeWidth={1.5}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      {data.shown < data.total ? (
        <figcaption className="empty">
          Showing {data.shown} of {data.total} series (the highest). Narrow the query with labels or topk() to see others.
        </figcaption>
      ) : null}
    </figure>
  );
}
