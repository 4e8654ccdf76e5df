"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatFigure, type SweepChartData } from "@/lib/bench/chart";
import { formatDurationMs } from "@/lib/format";

const COLORS = ["#2f6fdb", "#d9822b", "#1f8a4c", "#c53030", "#7b4bd1", "#0f8b8d", "#b7791f", "#5d6778", "#d53f8c", "#2c7a7b"];

/** Throughput (x) against latency (y) across a sweep; a level without data is a gap in its line. */
export function SweepChart({ data, height = 340 }: { data: SweepChartData; height?: number }) {
  if (data.empty) return <p className="empty">No level has a latency figure to draw (no request succeeded).</p>;
  return (
    <figure className="chart" aria-label="Throughput against latency chart" data-testid="sweep-chart">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 12, right: 24, bottom: 18, left: 8 }}>
          <CartesianGrid stroke="#eef0f3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, "auto"]}
            allowDuplicatedCategory={false}
            tickFormatter={(v: number) => formatFigure(v)}
            fontSize={12}
            label={{ value: data.xLabel, position: "insideBottom", offset: -10, fontSize: 12 }}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={[0, "auto"]}
            tickFormatter={(v: number) => (v === 0 ? "0" : formatDurationMs(v))}
            fontSize={12}
            width={72}
            label={{ value: data.yLabel, angle: -90, position: "insideLeft", fontSize: 12, dy: 40 }}
          />
          <Tooltip
            formatter={(v) => (typeof v === "number" ? formatDurationMs(v) : "—")}
            labelFormatter={(x) => `${formatFigure(Number(x))} ${data.xLabel}`}
          />
          <Legend wrapperStyle={{ fontSize: 12, paddingTop: 12 }} />
          {data.xMarks.map((m, i) => (
            <ReferenceLine key={`x${i}`} x={m.value} stroke="#1f8a4c" strokeDasharray="5 4" label={{ value: m.label, position: "insideTopRight", fontSize: 11, fill: "#1f8a4c" }} />
          ))}
          {data.yMarks.map((m, i) => (
            <ReferenceLine key={`y${i}`} y={m.value} stroke="#c53030" strokeDasharray="5 4" label={{ value: m.label, position: "insideTopLeft", fontSize: 11, fill: "#c53030" }} />
          ))}
          {data.lines.map((l, i) => (
            <Line
              key={l.key}
              data={l.points}
              dataKey="y"
              name={l.label}
              stroke={COLORS[i % COLORS.length]}
              dot={{ r: 3 }}
              isAnimationActive={false}
              connectNulls={false}
              strokeWidth={1.5}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
