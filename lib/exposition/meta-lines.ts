/**
 * Comment and metadata lines: `# HELP`, `# TYPE` (and `# UNIT`, `# EOF` in OpenMetrics).
 * Functions over the Parser's state, split out of parser.ts for size.
 */
import { sameBytes } from "./codes";
import { ExpositionError } from "./errors";
import { unescapeLabelValue } from "./escape";
import type { Parser } from "./parser";
import { CHAR_CLASS, CR, keywordAt, LF, QUOTE, SP, TAB } from "./syntax";

/**
 * Reads the metric name of a HELP/TYPE/UNIT line at p.pos, plain or quoted; leaves p.pos after it
 * and p.metaNameAt where it can be compared as bytes (-1 if it needs quotes).
 */
function metaName(p: Parser, kind: string): string {
  const b = p.b;
  let pos = p.pos;
  const c = b[pos];
  let name: string;
  if (c === QUOTE) {
    pos = p.scanQuoted(pos, "quoted metric name");
    name = unescapeLabelValue(p.s.slice(p.pos + 1, pos - 1));
    if (name === "") throw new ExpositionError(p.line, `empty metric name after ${kind}`);
    p.metaNameAt = p.escaped ? -1 : p.plainAt(p.pos + 1, pos - 1);
  } else if ((CHAR_CLASS[c] & 1) !== 0) {
    const start = pos;
    // HELP and TYPE usually name the current family: compare with it rather than scan and slice.
    const cur = p.fams.current;
    const len = cur === null ? 0 : cur.meta.name.length;
    if (cur !== null && cur.nameAt >= 0 && pos + len <= p.n && sameBytes(b, p.view, pos, cur.nameAt, len) && (CHAR_CLASS[b[pos + len]] & 2) === 0) {
      name = cur.meta.name;
      pos += len;
    } else {
      while ((CHAR_CLASS[b[++pos]] & 2) !== 0);
      name = p.s.slice(start, pos);
    }
    p.metaNameAt = start;
  } else {
    p.fail(pos, `expected a metric name after ${kind}`);
  }
  p.pos = pos;
  return name;
}

const TYPE_WORDS = ["counter", "gauge", "histogram", "summary", "untyped", "gaugehistogram", "info", "stateset", "unknown"];

/**
 * The TYPE word at [start,end) (blanks trimmed in the text format), as one of the constant
 * strings when it is one: no slice, and the type switch then compares interned strings.
 */
function typeWord(p: Parser, start: number, end: number, trim: boolean): string {
  const b = p.b;
  if (trim) {
    while (start < end && (b[start] === SP || b[start] === TAB)) start++;
    while (end > start && (b[end - 1] === SP || b[end - 1] === TAB)) end--;
  }
  const len = end - start;
  for (const word of TYPE_WORDS) {
    if (word.length !== len) continue;
    let k = 0;
    while (k < len && b[start + k] === word.charCodeAt(k)) k++;
    if (k === len) return word;
  }
  return p.s.slice(start, end);
}

/** Text format: `# HELP`, `# TYPE`, or any other comment, which is skipped. */
export function textCommentLine(p: Parser): void {
  const s = p.s;
  const b = p.b;
  let eol = s.indexOf("\n", p.pos);
  if (eol < 0) eol = p.n;
  let pos = p.pos + 1;
  let c = b[pos];
  if (c === SP || c === TAB) {
    while (c === SP || c === TAB) c = b[++pos];
    const kind = keywordAt(b, pos);
    const after = b[pos + 4];
    if (kind !== null && kind !== "UNIT" && (after === SP || after === TAB)) {
      pos += 5;
      while (b[pos] === SP || b[pos] === TAB) pos++;
      p.pos = pos;
      const name = metaName(p, kind);
      pos = p.pos;
      let textEnd = eol;
      if (textEnd > pos && b[textEnd - 1] === CR) textEnd--;
      c = b[pos];
      if (pos < textEnd && c !== SP && c !== TAB) p.fail(pos, `expected whitespace after the metric name in ${kind}`);
      // Prometheus drops exactly one blank after the name; the rest belongs to the text.
      const textStart = Math.min(pos + 1, textEnd);
      p.lastAt = -1;
      if (kind === "HELP") p.fams.metadataLine(kind, name, p.metaNameAt, "", p.line, textStart, textEnd);
      else p.fams.metadataLine(kind, name, p.metaNameAt, typeWord(p, textStart, textEnd, true), p.line);
    }
  }
  p.pos = eol + 1;
  p.line++;
}

/** OpenMetrics: `# HELP|TYPE|UNIT name text` or `# EOF`; returns true at `# EOF`. */
export function omMetaLine(p: Parser): boolean {
  const s = p.s;
  const b = p.b;
  const n = p.n;
  let pos = p.pos + 1;
  if (b[pos] !== SP) p.fail(pos, "expected ' ' after '#' (OpenMetrics allows no other comments)");
  pos++;
  if (s.startsWith("EOF", pos) && (pos + 3 === n || b[pos + 3] === LF)) {
    if (pos + 4 < n) throw new ExpositionError(p.line + 1, "unexpected content after '# EOF'");
    return true;
  }
  const kind = keywordAt(b, pos);
  if (kind === null || b[pos + 4] !== SP) p.fail(pos, "expected HELP, TYPE, UNIT or EOF after '# '");
  p.pos = pos + 5;
  const name = metaName(p, kind);
  pos = p.pos;
  if (b[pos] !== SP) p.fail(pos, `expected ' ' and text after the metric name in ${kind}`);
  const eol = s.indexOf("\n", pos);
  if (eol < 0) throw new ExpositionError(p.line + 1, "expected '# EOF' as the last line");
  p.lastAt = -1;
  if (kind === "HELP") p.fams.metadataLine(kind, name, p.metaNameAt, "", p.line, pos + 1, eol);
  else if (kind === "TYPE") p.fams.metadataLine(kind, name, p.metaNameAt, typeWord(p, pos + 1, eol, false), p.line);
  else p.fams.metadataLine(kind, name, p.metaNameAt, s.slice(pos + 1, eol), p.line);
  p.pos = eol + 1;
  p.line++;
  return false;
}
