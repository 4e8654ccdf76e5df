/**
 * The series notation of promqltest files: `metric{a="b"} 1 2+3x4 _ stale {{...}}`. Native
 * histogram values (`{{...}}`) are recognised and counted but not decoded.
 */
import { type Labels, METRIC_NAME } from "@/lib/model";
import { unquoteString } from "../strings";

/** One point of an expanded sequence. */
export type SeqValue = { kind: "float"; v: number } | { kind: "omitted" } | { kind: "stale" } | { kind: "histogram" };

/** A parsed series description. */
export interface SeriesDesc {
  labels: Labels;
  values: SeqValue[];
}

const NUM = String.raw`(?:[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF]|[nN][aA][nN]))`;
const ITEM_RE = new RegExp(`^(${NUM})(?:([+-])((?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[iI][nN][fF]|[nN][aA][nN]))?(?:x(\\d+))?$`);

/** Parses a float as promqltest does (Inf/NaN in any case, optional sign). */
export function parseTestNumber(s: string): number | undefined {
  if (!new RegExp(`^${NUM}$`).test(s)) return undefined;
  const lower = s.toLowerCase();
  if (lower.endsWith("inf")) return lower.startsWith("-") ? -Infinity : Infinity;
  if (lower.endsWith("nan")) return NaN;
  return Number(s);
}

/** Splits the labels part off a description; returns the labels and the rest of the line. */
export function parseMetric(line: string): { labels: Labels; rest: string } {
  let i = 0;
  const labels: Record<string, string> = {};
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (name) {
    labels[METRIC_NAME] = name[0];
    i = name[0].length;
  }
  if (line[i] === "{") {
    i++;
    for (;;) {
      while (/[\s,]/.test(line[i] ?? "")) i++;
      if (line[i] === "}") {
        i++;
        break;
      }
      if (i >= line.length) throw new Error(`unterminated label set in ${JSON.stringify(line)}`);
      let label: string;
      if (line[i] === '"' || line[i] === "'") {
        const end = stringEnd(line, i);
        label = unquoteString(line.slice(i, end));
        i = end;
      } else {
        const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
        if (!m) throw new Error(`bad label name at ${JSON.stringify(line.slice(i))}`);
        label = m[0];
        i += m[0].length;
      }
      while (line[i] === " ") i++;
      if (line[i] !== "=") {
        // A lone quoted string is the metric name: {"name", a="b"}.
        labels[METRIC_NAME] = label;
        continue;
      }
      i++;
      while (line[i] === " ") i++;
      const end = stringEnd(line, i);
      const value = unquoteString(line.slice(i, end));
      i = end;
      if (value !== "") labels[label] = value;
    }
  }
  if (!name && i === 0) throw new Error(`expected a metric in ${JSON.stringify(line)}`);
  return { labels, rest: line.slice(i).trim() };
}

function stringEnd(s: string, i: number): number {
  const q = s[i];
  if (q !== '"' && q !== "'" && q !== "`") throw new Error(`expected a quoted string at ${JSON.stringify(s.slice(i))}`);
  let j = i + 1;
  while (j < s.length && s[j] !== q) j += s[j] === "\\" && q !== "`" ? 2 : 1;
  if (j >= s.length) throw new Error(`unterminated string in ${JSON.stringify(s)}`);
  return j + 1;
}

/** Splits a values list into items, keeping `{{...}}` histograms (with +/x suffixes) whole. */
function tokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (/\s/.test(s[i] ?? "")) i++;
    if (i >= s.length) break;
    let j = i;
    while (j < s.length && !/\s/.test(s[j])) {
      if (s.startsWith("{{", j)) {
        const end = s.indexOf("}}", j);
        if (end < 0) throw new Error(`unterminated histogram in ${JSON.stringify(s)}`);
        j = end + 2;
      } else {
        j++;
      }
    }
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

/** Expands a values list (`1 2+3x4 _x2 stale`) into points. */
export function parseValues(s: string): SeqValue[] {
  const out: SeqValue[] = [];
  for (const tok of tokens(s)) {
    if (tok.startsWith("{{")) {
      const m = /x(\d+)$/.exec(tok.slice(tok.lastIndexOf("}}")));
      const n = m ? Number(m[1]) + 1 : 1;
      for (let k = 0; k < n; k++) out.push({ kind: "histogram" });
      continue;
    }
    if (tok === "_") {
      out.push({ kind: "omitted" });
      continue;
    }
    const blanks = /^_x(\d+)$/.exec(tok);
    if (blanks) {
      for (let k = 0; k < Number(blanks[1]); k++) out.push({ kind: "omitted" });
      continue;
    }
    if (tok === "stale") {
      out.push({ kind: "stale" });
      continue;
    }
    const m = ITEM_RE.exec(tok);
    if (!m) throw new Error(`bad value ${JSON.stringify(tok)}`);
    let v = parseTestNumber(m[1])!;
    if (m[4] === undefined) {
      if (m[2] !== undefined) throw new Error(`bad value ${JSON.stringify(tok)}`);
      out.push({ kind: "float", v });
      continue;
    }
    const inc = m[2] === undefined ? 0 : (m[2] === "-" ? -1 : 1) * parseTestNumber(m[3])!;
    // Repeated addition, as Prometheus does, so accumulated rounding matches.
    for (let k = 0; k <= Number(m[4]); k++) {
      out.push({ kind: "float", v });
      v += inc;
    }
  }
  return out;
}

/** Parses a whole series line. */
export function parseSeriesDesc(line: string): SeriesDesc {
  const { labels, rest } = parseMetric(line);
  return { labels, values: parseValues(rest) };
}
