/**
 * A pass over the query text before Lezer sees it, for three gaps in the Lezer grammar: it lacks
 * min_of()/max_of() outside duration brackets (swapped for a same-length placeholder, so offsets
 * stay valid), rejects numbers like "2." (the dot becomes a space), and turns an unknown function
 * call into a confusing error (reported with Prometheus's message instead).
 */
import { FUNCTIONS } from "./functions-table";

const PLACEHOLDER = "minute"; // a 6-letter function name the grammar accepts
const RENAMED = new Set(["min_of", "max_of"]);
const KEYWORDS = new Set([
  "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "quantile",
  "count_values", "limitk", "limit_ratio", "by", "without", "on", "ignoring", "group_left",
  "group_right", "bool", "offset", "and", "or", "unless", "atan2", "start", "end", "inf", "nan",
  "fill", "fill_left", "fill_right", "anchored", "smoothed", "info", "start_timestamp",
]);

/** The rewritten text, the original names of renamed calls by offset, and any unknown function. */
export interface Fixups {
  text: string;
  renamed: Map<number, string>;
  unknown?: { name: string; start: number; end: number };
}

/** Scans identifiers outside strings, comments and brackets. */
export function applyLexFixups(input: string): Fixups {
  let text = input;
  const renamed = new Map<number, string>();
  let unknown: Fixups["unknown"];
  let bracket = 0;
  let brace = 0;
  let prevIdent = "";
  for (let i = 0; i < input.length; ) {
    const c = input[i];
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < input.length && input[j] !== c) j += input[j] === "\\" && c !== "`" ? 2 : 1;
      i = j + 1;
      prevIdent = "";
      continue;
    }
    if (c === "#") {
      while (i < input.length && input[i] !== "\n") i++;
      continue;
    }
    if (c === "[") bracket++;
    else if (c === "]") bracket = Math.max(0, bracket - 1);
    else if (c === "{") brace++;
    else if (c === "}") brace = Math.max(0, brace - 1);
    if (/\d/.test(c) || (c === "." && /\d/.test(input[i + 1] ?? ""))) {
      const m = /^(?:0[xX][0-9a-fA-F]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?(?:[a-zA-Z]+\d*)*)/.exec(input.slice(i))!;
      const end = i + m[0].length;
      // "2." is a valid number in PromQL but not for the Lezer grammar; the dot adds nothing.
      if (m[0].endsWith(".")) text = text.slice(0, end - 1) + " " + text.slice(end);
      i = end;
      prevIdent = "";
      continue;
    }
    if (/[A-Za-z_:]/.test(c)) {
      let j = i + 1;
      while (j < input.length && /[A-Za-z0-9_:]/.test(input[j])) j++;
      const ident = input.slice(i, j);
      let k = j;
      while (k < input.length && /\s/.test(input[k])) k++;
      const isCall = input[k] === "(" && bracket === 0 && brace === 0 && prevIdent.toLowerCase() !== "offset";
      if (isCall && RENAMED.has(ident)) {
        renamed.set(i, ident);
        text = text.slice(0, i) + PLACEHOLDER + text.slice(j);
      } else if (isCall && !unknown && !FUNCTIONS.has(ident) && !KEYWORDS.has(ident.toLowerCase()) && !/^\d/.test(ident)) {
        unknown = { name: ident, start: i, end: j };
      }
      prevIdent = ident;
      i = j;
      continue;
    }
    if (!/\s/.test(c)) prevIdent = "";
    i++;
  }
  return { text, renamed, unknown };
}
