/**
 * The part of a sample line after its series: the value, then the timestamp and (OpenMetrics)
 * the exemplar, up to the line break. Functions over the Parser's state, split out for size.
 */
import { ExpositionError, quote } from "./errors";
import { parseGoFloat, parseIntTimestamp, parseOmTimestamp, POW10 } from "./float";
import type { Parser } from "./parser";
import { CR, END_OF_VALUE, HASH, LBRACE, LF, SP, TAB } from "./syntax";

/**
 * Parses the value token at pos and leaves p.valueEnd after it. Plain decimals are parsed in the
 * same pass that finds their end; anything else (Inf, NaN, long mantissas) goes to parseGoFloat.
 */
export function scanValue(p: Parser, pos: number, what: string): number {
  const b = p.b;
  const start = pos;
  let c = b[pos];
  const neg = c === 45;
  if (neg || c === 43) c = b[++pos];
  let mant = 0;
  let frac = 0;
  let digits = 0;
  let exact = true;
  let sawDot = false;
  for (;;) {
    if (c >= 48 && c <= 57) {
      if (mant < 9e14) {
        mant = mant * 10 + (c - 48);
        if (sawDot) frac++;
      } else {
        exact = false;
      }
      digits++;
    } else if (c === 46 && !sawDot) {
      sawDot = true;
    } else {
      break;
    }
    c = b[++pos];
  }
  let exp = 0;
  if ((c === 101 || c === 69) && digits > 0) {
    c = b[++pos];
    const expNeg = c === 45;
    if (expNeg || c === 43) c = b[++pos];
    if (c >= 48 && c <= 57) {
      while (c >= 48 && c <= 57) {
        if (exp < 100000) exp = exp * 10 + (c - 48);
        c = b[++pos];
      }
    } else {
      digits = 0;
    }
    if (expNeg) exp = -exp;
  }
  const e10 = exp - frac;
  const ends = END_OF_VALUE[c] !== 0 ? !(p.om && (c === TAB || c === CR)) : pos >= p.n;
  if (digits > 0 && exact && e10 >= -22 && e10 <= 22 && ends) {
    p.valueEnd = pos;
    const v = e10 === 0 || mant === 0 ? mant : e10 > 0 ? mant * POW10[e10] : mant / POW10[-e10];
    return neg ? -v : v;
  }
  // The general path: find the token's end, then parse it by Go's rules.
  pos = start;
  c = b[pos];
  const n = p.n;
  if (p.om) while (pos < n && c !== SP && c !== LF) c = b[++pos];
  else while (pos < n && END_OF_VALUE[c] === 0) c = b[++pos];
  if (pos === start) p.fail(pos, `expected ${what}`);
  const v = parseGoFloat(b, p.s, start, pos);
  if (v === undefined) {
    const token = p.s.slice(start, pos);
    const finite = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token);
    throw new ExpositionError(p.line, finite ? `${what} is out of range: ${quote(token)}` : `expected ${what}, got ${quote(token)}`);
  }
  p.valueEnd = pos;
  return v;
}

/** Text format: optional integer timestamp, blanks, then the line break. Returns ms or NaN. */
export function textLineEnd(p: Parser, pos: number): number {
  const b = p.b;
  const n = p.n;
  let c = b[pos];
  while (c === SP || c === TAB || c === CR) c = b[++pos];
  let timestamp = NaN;
  if (pos < n && c !== LF) {
    const start = pos;
    while (pos < n && c !== LF && c !== SP && c !== TAB && c !== CR) c = b[++pos];
    const ts = parseIntTimestamp(b, start, pos);
    if (ts === undefined) {
      throw new ExpositionError(p.line, `expected a timestamp in integer milliseconds, got ${quote(p.s.slice(start, pos))}`);
    }
    timestamp = ts;
    while (c === SP || c === TAB || c === CR) c = b[++pos];
    if (pos < n && c !== LF) p.fail(pos, "expected the end of the line after the timestamp");
  }
  p.pos = pos + 1;
  p.line++;
  return timestamp;
}

/** OpenMetrics: [' ' timestamp] [' # {exemplar}'] then '\n'. Returns ms or NaN. */
export function omLineEnd(p: Parser, pos: number): number {
  const b = p.b;
  const n = p.n;
  let c = b[pos];
  let timestamp = NaN;
  if (c === SP) {
    c = b[++pos];
    if (c !== HASH) {
      const start = pos;
      while (pos < n && c !== SP && c !== LF) c = b[++pos];
      if (pos === start) p.fail(pos, "expected a timestamp or '# {' after the value");
      timestamp = omTimestamp(p, start, pos, "a timestamp");
      if (c === SP) {
        c = b[++pos];
        if (c !== HASH) p.fail(pos, "expected '# {' to start an exemplar after the timestamp");
      }
    }
    if (c === HASH) pos = exemplar(p, pos);
  }
  if (pos >= n) throw new ExpositionError(p.line + 1, "expected '# EOF' as the last line");
  if (b[pos] !== LF) p.fail(pos, "expected the end of the line");
  p.pos = pos + 1;
  p.line++;
  return timestamp;
}

function omTimestamp(p: Parser, start: number, pos: number, what: string): number {
  const ts = parseOmTimestamp(p.b, p.s, start, pos);
  if (ts === undefined) throw new ExpositionError(p.line, `expected ${what} in seconds, got ${quote(p.s.slice(start, pos))}`);
  return ts;
}

/** Parses `# {labels} value [timestamp]` at pos (on the '#'); returns the position after it. */
function exemplar(p: Parser, pos: number): number {
  const b = p.b;
  const n = p.n;
  if (b[pos + 1] !== SP || b[pos + 2] !== LBRACE) p.fail(pos, "expected '# {' to start an exemplar");
  const store = p.store;
  const labelStart = store.exemplarLabels.length;
  pos = p.labelSet(pos + 2, store.exemplarLabels, labelStart, true);
  if (b[pos] !== SP) p.fail(pos, "expected ' ' and a value after the exemplar's labels");
  const value = scanValue(p, pos + 1, "a float exemplar value");
  pos = p.valueEnd;
  let c = b[pos];
  let timestamp = NaN;
  if (c === SP) {
    const start = ++pos;
    c = b[pos];
    while (pos < n && c !== SP && c !== LF) c = b[++pos];
    timestamp = omTimestamp(p, start, pos, "an exemplar timestamp");
  }
  store.pushExemplar(labelStart, value, timestamp);
  return pos;
}
