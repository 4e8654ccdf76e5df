import { sameBytes, toCodes } from "./codes";
import { ExpositionError, describeAt, quote } from "./errors";
import { unescapeLabelValue } from "./escape";
import { FamilyTracker } from "./families";
import { omLineEnd, scanValue, textLineEnd } from "./line-end";
import { omMetaLine, textCommentLine } from "./meta-lines";
import { LabelPool, SampleStore } from "./store";
import { BACKSLASH, CHAR_CLASS, COMMA, CR, EQ, HASH, LBRACE, LF, QUOTE, RBRACE, SP, TAB } from "./syntax";

// The scanner reads a byte mirror of the body (see codes.ts) and builds no string for a sample
// whose name matches its family: names, labels and values stay offsets until someone asks.

/** What a parse leaves behind for the Exposition to read from. */
export interface ParsedBody {
  store: SampleStore;
  families: FamilyTracker;
}

/** Parses a whole body in one format; throws ExpositionError at the first bad line. */
export function parseBody(body: string, openMetrics: boolean): ParsedBody {
  const p = new Parser(body, openMetrics);
  p.run();
  return { store: p.store, families: p.fams };
}

/** The scanner's state; the line-level steps live here and in line-end.ts and meta-lines.ts. */
export class Parser {
  readonly b: Uint8Array;
  readonly view: DataView;
  readonly n: number;
  readonly store: SampleStore;
  readonly fams: FamilyTracker;
  pos = 0;
  line = 1;
  // The sample's metric name, set before or inside its label set.
  nameStart = -1;
  nameEnd = -1;
  nameEscaped = false;
  // Set by scanQuoted: whether the string just scanned held a backslash.
  escaped = false;
  // The end of the current sample line (-1 until needed), and the next backslash at or after some
  // earlier point: together they let a label value be found with one native indexOf.
  eol = -1;
  nextBackslash = -1;
  // Set by meta-lines.ts: where the name of a HELP/TYPE/UNIT line can be compared as bytes.
  metaNameAt = -1;
  // Where scanValue() stopped.
  valueEnd = 0;
  // The previous sample's name (when written unquoted) and its id: runs of buckets repeat it.
  lastAt = -1;
  lastLen = 0;
  lastId = -1;
  // The previous sample's label set: where its '{' is and its labels in the pool (-1: none).
  prevSetAt = -1;
  prevFrom = 0;
  prevCount = 0;

  constructor(
    readonly s: string,
    readonly om: boolean,
  ) {
    this.n = s.length;
    this.b = toCodes(s);
    this.view = new DataView(this.b.buffer);
    this.store = new SampleStore(s.length >> 6);
    this.fams = new FamilyTracker(om, s);
  }

  /** Parses the whole body into the store and the family tracker. */
  run(): void {
    const b = this.b;
    const n = this.n;
    while (this.pos < n) {
      let pos = this.pos;
      let c = b[pos];
      if (this.om) {
        if (c === HASH) {
          if (omMetaLine(this)) return this.store.finish();
        } else if (c === LF) {
          throw new ExpositionError(this.line, "unexpected blank line (OpenMetrics allows none)");
        } else {
          this.sampleLine();
        }
        continue;
      }
      while (c === SP || c === TAB || c === CR) c = b[++pos];
      this.pos = pos;
      if (pos >= n) break;
      if (c === LF) {
        this.pos = pos + 1;
        this.line++;
      } else if (c === HASH) {
        textCommentLine(this);
      } else {
        this.sampleLine();
      }
    }
    if (this.om) throw new ExpositionError(this.line, "expected '# EOF' as the last line");
    this.store.finish();
  }

  /** Throws "line N: <expected>, got <what is at pos>". */
  fail(pos: number, expected: string): never {
    throw new ExpositionError(this.line, `${expected}, got ${describeAt(this.s, pos)}`);
  }

  private sampleLine(): void {
    const b = this.b;
    const n = this.n;
    const om = this.om;
    const store = this.store;
    const labelStart = store.labels.length;
    const seriesStart = this.pos;
    let pos = seriesStart;
    this.eol = -1;
    this.nameEscaped = false;
    this.nameStart = -1;

    // Fast paths: the previous sample's name, else the current family's name and one of its
    // suffixes, compared four bytes at a time against their first spelling in the body.
    let id = -1;
    const lastLen = this.lastLen;
    if (this.lastAt >= 0 && pos + lastLen <= n && sameBytes(b, this.view, pos, this.lastAt, lastLen) && (CHAR_CLASS[b[pos + lastLen]] & 2) === 0) {
      id = this.lastId;
      this.nameStart = pos;
      this.nameEnd = pos += lastLen;
    }
    const cur = this.fams.current;
    const flen = cur === null ? 0 : cur.meta.name.length;
    if (id < 0 && cur !== null && cur.nameAt >= 0 && pos + flen <= n && sameBytes(b, this.view, pos, cur.nameAt, flen)) {
      const after = pos + flen;
      const suffixes = cur.suffixCodes;
      for (let k = 0; k < suffixes.length; k++) {
        const x = suffixes[k];
        const end = after + x.length;
        if (end > n) continue;
        let j = 0;
        while (j < x.length && b[after + j] === x[j]) j++;
        if (j === x.length && (CHAR_CLASS[b[end]] & 2) === 0) {
          id = cur.nameIds[k];
          if (id < 0) id = this.fams.idFor(cur, k);
          cur.hasSamples = true;
          this.nameStart = pos;
          this.nameEnd = pos = end;
          break;
        }
      }
    }
    let c = b[pos];
    if (id < 0 && (CHAR_CLASS[c] & 1) !== 0) {
      this.nameStart = pos;
      c = b[++pos];
      while ((CHAR_CLASS[c] & 2) !== 0) c = b[++pos];
      this.nameEnd = pos;
    }
    let braceAt = -1;
    if (this.nameStart >= 0) {
      const afterName = pos;
      if (!om) while (c === SP || c === TAB) c = b[++pos];
      if (c === LBRACE) {
        braceAt = pos;
        const quick = this.prevSetAt >= 0 ? this.repeatedLabelSet(pos) : -1;
        pos = quick >= 0 ? quick : this.labelSet(pos, store.labels, labelStart, false);
      } else if (pos === afterName && !(om && c === SP)) {
        this.fail(pos, om ? "expected ' ' or '{' after the metric name" : "expected whitespace or '{' after the metric name");
      }
    } else if (c === LBRACE) {
      pos = this.labelSet(pos, store.labels, labelStart, false);
      if (this.nameStart < 0) {
        throw new ExpositionError(this.line, "expected a metric name: the label set has no quoted metric name and none comes before it");
      }
    } else {
      this.fail(pos, "expected a metric name or '{' at the start of a sample line");
    }
    const seriesEnd = pos;

    // The value: one space before it in OpenMetrics, any run of blanks in the text format.
    c = b[pos];
    if (om) {
      if (c !== SP) this.fail(pos, "expected ' ' and a value after the metric");
      pos++;
    } else {
      while (c === SP || c === TAB) c = b[++pos];
    }
    const value = scanValue(this, pos, "a float sample value");
    const line = this.line;
    const timestamp = om ? omLineEnd(this, this.valueEnd) : textLineEnd(this, this.valueEnd);
    if (id < 0) {
      const raw = this.s.slice(this.nameStart, this.nameEnd);
      const name = this.nameEscaped ? unescapeLabelValue(raw) : raw;
      id = this.fams.matchSlow(name, this.nameEscaped ? -1 : this.plainAt(this.nameStart, this.nameEnd), line);
    }
    if (this.nameStart === seriesStart) {
      this.lastAt = seriesStart;
      this.lastLen = this.nameEnd - seriesStart;
      this.lastId = id;
    }
    const labelCount = store.labels.length - labelStart;
    if (braceAt >= 0 && labelCount > 0) {
      this.prevSetAt = braceAt;
      this.prevFrom = labelStart;
      this.prevCount = labelCount;
    } else {
      this.prevSetAt = -1;
    }
    store.push(id, value, timestamp, labelStart, seriesStart, seriesEnd);
  }

  /**
   * Histogram buckets and summary quantiles repeat the previous sample's label set but for the
   * last value. If the bytes up to that value are the same, the labels are the same (and were
   * checked): copy their offsets, find the new last value, and return the position after '}'.
   * Returns -1 (leaving the pool as it was) when the shortcut does not apply.
   */
  private repeatedLabelSet(pos: number): number {
    const b = this.b;
    const pool = this.store.labels;
    const last = (this.prevFrom + this.prevCount - 1) * 4;
    const d = pool.data;
    const tail = d[last + 2];
    const len = tail - this.prevSetAt;
    if (pos + len > this.n || !sameBytes(b, this.view, pos, this.prevSetAt, len)) return -1;
    const valueStart = pos + len;
    const close = this.s.indexOf('"', valueStart);
    if (close < 0 || close >= this.lineEnd(valueStart) || !this.noBackslash(valueStart, close) || b[close + 1] !== RBRACE) return -1;
    const delta = pos - this.prevSetAt;
    // pool.data is re-read after each push: a push may grow (replace) it.
    for (let k = this.prevFrom * 4; k < last; k += 4) {
      pool.push(pool.data[k] + delta, pool.data[k + 1] + delta, pool.data[k + 2] + delta, pool.data[k + 3] + delta);
    }
    pool.push(pool.data[last] + delta, pool.data[last + 1] + delta, valueStart, close);
    return close + 2;
  }

  /**
   * Parses `{name="value",...}` starting on the '{' and returns the position after the '}'. A
   * quoted string followed by ',' or '}' is the metric name (Prometheus 3), except in exemplars.
   */
  labelSet(pos: number, pool: LabelPool, from: number, exemplar: boolean): number {
    const b = this.b;
    const s = this.s;
    const om = this.om;
    let c = b[++pos];
    for (;;) {
      if (!om) while (c === SP || c === TAB) c = b[++pos];
      if (c === RBRACE) return pos + 1;
      let nameStart: number;
      let nameEnd: number;
      if (c === QUOTE) {
        nameStart = pos + 1;
        pos = this.scanQuoted(pos, "quoted name");
        nameEnd = pos - 1;
        c = b[pos];
        if (!om) while (c === SP || c === TAB) c = b[++pos];
        if ((c === COMMA || c === RBRACE) && !exemplar) {
          this.setQuotedMetricName(nameStart, nameEnd);
          if (c === COMMA) c = b[++pos];
          continue;
        }
        if (nameEnd === nameStart) throw new ExpositionError(this.line, "empty label name");
      } else if ((CHAR_CLASS[c] & 4) !== 0) {
        nameStart = pos;
        c = b[++pos];
        while ((CHAR_CLASS[c] & 8) !== 0) c = b[++pos];
        nameEnd = pos;
        if (!om) while (c === SP || c === TAB) c = b[++pos];
      } else {
        this.fail(pos, "expected a label name or '}'");
      }
      if (c !== EQ) this.fail(pos, `expected '=' after the label name ${quote(s.slice(nameStart, nameEnd))}`);
      c = b[++pos];
      if (!om) while (c === SP || c === TAB) c = b[++pos];
      if (c !== QUOTE) this.fail(pos, "expected label value in double quotes");
      const valueStart = pos + 1;
      const close = s.indexOf('"', valueStart);
      if (close >= 0 && close < this.lineEnd(valueStart) && this.noBackslash(valueStart, close)) pos = close + 1;
      else pos = this.scanQuoted(pos, "label value");
      if (pool.hasName(s, b, from, nameStart, nameEnd)) {
        throw new ExpositionError(this.line, `duplicate label name ${quote(s.slice(nameStart, nameEnd))}`);
      }
      if (!exemplar && nameEnd - nameStart === 8 && s.startsWith("__name__", nameStart)) {
        throw new ExpositionError(this.line, "label name '__name__' is reserved for the metric name");
      }
      pool.push(nameStart, nameEnd, valueStart, pos - 1);
      c = b[pos];
      if (!om) while (c === SP || c === TAB) c = b[++pos];
      if (c === COMMA) c = b[++pos];
      else if (c !== RBRACE) this.fail(pos, "expected ',' or '}' after the label value");
    }
  }

  private setQuotedMetricName(start: number, end: number): void {
    if (this.nameStart >= 0) {
      const first = this.s.slice(this.nameStart, this.nameEnd);
      throw new ExpositionError(this.line, `metric name given twice: ${quote(first)} and ${quote(this.s.slice(start, end))}`);
    }
    if (end === start) throw new ExpositionError(this.line, "empty metric name");
    this.nameStart = start;
    this.nameEnd = end;
    this.nameEscaped = this.escaped;
  }

  /** The position of the '\n' that ends the current line (or n); found once per line. */
  private lineEnd(from: number): number {
    let eol = this.eol;
    if (eol < 0) {
      eol = this.s.indexOf("\n", from);
      this.eol = eol = eol < 0 ? this.n : eol;
    }
    return eol;
  }

  /** True when s[from,to) holds no backslash; amortized by caching the next one found. */
  private noBackslash(from: number, to: number): boolean {
    let bs = this.nextBackslash;
    if (bs < from) {
      bs = this.s.indexOf("\\", from);
      this.nextBackslash = bs = bs < 0 ? this.n : bs;
    }
    return bs >= to;
  }

  /** Scans a double-quoted string starting on its '"'; returns the position after the closing one. */
  scanQuoted(pos: number, what: string): number {
    const b = this.b;
    const n = this.n;
    let escaped = false;
    let i = pos + 1;
    for (; i < n; i++) {
      const c = b[i];
      if (c === QUOTE) {
        this.escaped = escaped;
        return i + 1;
      }
      if (c === LF) break;
      if (c === BACKSLASH) {
        escaped = true;
        if (b[i + 1] === LF) break;
        i++;
      }
    }
    throw new ExpositionError(this.line, `expected '"' to close the ${what}, got ${i >= n ? "end of input" : "end of line"}`);
  }

  /** start if b[start,end) is a metric name that needs no quotes, else -1. */
  plainAt(start: number, end: number): number {
    const b = this.b;
    if (end <= start || (CHAR_CLASS[b[start]] & 1) === 0) return -1;
    for (let i = start + 1; i < end; i++) if ((CHAR_CLASS[b[i]] & 2) === 0) return -1;
    return start;
  }
}
