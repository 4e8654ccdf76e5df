import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvCell, levelsCsv } from "./csv";
import { fakeSummary } from "./testing";

describe("csvCell", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    [Number.NaN, ""],
    [0, "0"],
    [1.5, "1.5"],
    [-2, "-2"],
    [Infinity, "inf"],
    ["concurrency 8", "concurrency 8"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=cmd()", "'=cmd()"],
    ["@sum", "'@sum"],
  ])("%j -> %j", (v, want) => {
    expect(csvCell(v)).toBe(want);
  });
});

describe("levelsCsv", () => {
  const levels = [
    { position: 0, label: "concurrency 1", kind: "concurrency", load: 1, stopReason: "requests", summary: fakeSummary({ goodput: { slo: { ttftMs: 30 }, good: 9, ratio: 0.9, perSecond: 4.5 } }) },
    {
      position: 1,
      label: "rate inf",
      kind: "rate",
      load: "inf" as const,
      stopReason: "error-ratio",
      summary: fakeSummary({ completed: 0, failed: 10, failures: { timeout: 2, http_429: 8 }, errorRatio: 1, ttftMs: null, tpotMs: null, itlMs: null, e2elMs: null, requestThroughput: 0 }),
    },
    { position: 2, label: "concurrency 9", kind: "concurrency", load: 9, stopReason: "canceled", summary: fakeSummary({ requests: 0, completed: 0 }) },
  ];
  const text = levelsCsv(7, levels);
  const rows = text.trimEnd().split("\r\n").map((r) => r.split(","));
  const col = (row: number, name: string) => rows[row][CSV_COLUMNS.indexOf(name)];

  it("has a header and one row per level, each as wide as the header", () => {
    expect(rows[0]).toEqual(CSV_COLUMNS);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    expect(text.endsWith("\r\n")).toBe(true);
  });

  it.each([
    [1, "run_id", "7"],
    [1, "ttft_ms_p50", "20"],
    [1, "ttft_ms_p99", "40"],
    [1, "e2el_ms_mean", "60"],
    [1, "goodput_ratio", "0.9"],
    [1, "goodput_per_s", "4.5"],
    [1, "failures", ""],
    [2, "load", "inf"],
    [2, "ttft_ms_p50", ""],
    [2, "request_throughput", "0"],
    [2, "failures", "http_429=8;timeout=2"],
    [2, "goodput_ratio", ""],
    [3, "request_throughput", ""],
    [3, "error_ratio", ""],
  ])("row %d %s = %j", (row, name, want) => {
    expect(col(row, name)).toBe(want);
  });
});
