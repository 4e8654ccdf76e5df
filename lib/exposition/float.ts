/**
 * Number parsing and formatting by Prometheus's rules, working on a slice of the body so that the
 * parser's hot path allocates no strings.
 */

/** Powers of ten that are exact doubles: the range of the correctly rounded fast path. */
export const POW10 = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
// A mantissa below this stays an exact integer after one more decimal digit (below 2^53).
const MANTISSA_LIMIT = 9e14;

/** Case-insensitive match of b[start,end) against a lower-case ASCII word. */
function matchesWord(b: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((b[start + k] | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Parses s[start,end) (whose char codes b holds, see toCodes) as Go's strconv.ParseFloat does under Prometheus's extra rule (no hex, no
 * underscores): decimal with optional sign and exponent, or Inf/Infinity (signed) and NaN in any
 * case. Returns undefined for bad syntax and for finite spellings that overflow, as Go does.
 */
export function parseGoFloat(b: Uint8Array, s: string, start: number, end: number): number | undefined {
  let i = start;
  if (i >= end) return undefined;
  let c = b[i];
  let neg = false;
  if (c === 43 || c === 45) {
    neg = c === 45;
    if (++i >= end) return undefined;
    c = b[i];
  }
  if ((c | 0x20) === 105) {
    if (matchesWord(b, i, end, "inf") || matchesWord(b, i, end, "infinity")) {
      return neg ? -Infinity : Infinity;
    }
    return undefined;
  }
  if ((c | 0x20) === 110) return i === start && matchesWord(b, i, end, "nan") ? NaN : undefined;

  let mant = 0;
  let frac = 0;
  let exact = true;
  let sawDigit = false;
  let sawDot = false;
  for (; i < end; i++) {
    c = b[i];
    if (c >= 48 && c <= 57) {
      sawDigit = true;
      if (mant < MANTISSA_LIMIT) {
        mant = mant * 10 + (c - 48);
        if (sawDot) frac++;
      } else {
        exact = false;
      }
    } else if (c === 46 && !sawDot) {
      sawDot = true;
    } else {
      break;
    }
  }
  if (!sawDigit) return undefined;
  let exp = 0;
  if (i < end) {
    if ((c | 0x20) !== 101) return undefined;
    i++;
    let expNeg = false;
    if (i >= end) return undefined;
    c = b[i];
    if (c === 43 || c === 45) {
      expNeg = c === 45;
      if (++i >= end) return undefined;
    }
    for (; i < end; i++) {
      c = b[i];
      if (c < 48 || c > 57) return undefined;
      if (exp < 100000) exp = exp * 10 + (c - 48);
    }
    if (expNeg) exp = -exp;
  }
  // Clinger's fast path: an exact mantissa times an exact power of ten rounds once, correctly.
  if (exact) {
    const e10 = exp - frac;
    let v: number | undefined;
    if (mant === 0) v = 0;
    else if (e10 === 0) v = mant;
    else if (e10 > 0 && e10 <= 22) v = mant * POW10[e10];
    else if (e10 < 0 && e10 >= -22) v = mant / POW10[-e10];
    if (v !== undefined) return neg ? -v : v;
  }
  const v = Number(s.slice(start, end));
  return Number.isFinite(v) ? v : undefined;
}

/** Largest magnitude accepted for a timestamp in milliseconds (Go's int64 range). */
const MAX_TIMESTAMP_MS = 9.223372036854776e18;

/** Parses a text-format timestamp: an integer number of milliseconds, optionally negative. */
export function parseIntTimestamp(b: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const neg = b[i] === 45;
  if (neg) i++;
  if (i >= end) return undefined;
  let v = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  if (v > MAX_TIMESTAMP_MS) return undefined;
  return neg ? -v : v;
}

/**
 * Parses an OpenMetrics timestamp (float seconds) into integer milliseconds, truncated toward zero
 * as Prometheus does, but from the decimal digits so that 1.005 gives 1005, not 1004.
 */
export function parseOmTimestamp(b: Uint8Array, s: string, start: number, end: number): number | undefined {
  const f = parseGoFloat(b, s, start, end);
  if (f === undefined || !Number.isFinite(f)) return undefined;
  let i = start;
  let c = b[i];
  const neg = c === 45;
  if (c === 43 || c === 45) i++;
  // First pass: where the decimal point sits among the mantissa digits, and the exponent.
  let intDigits = 0;
  let sawDot = false;
  let j = i;
  for (; j < end; j++) {
    c = b[j];
    if (c === 46) sawDot = true;
    else if (c >= 48 && c <= 57) {
      if (!sawDot) intDigits++;
    } else break;
  }
  const exp = j < end ? Number(s.slice(j + 1, end)) : 0;
  // Second pass: the integer made of the digits left of the point once shifted by exp + 3.
  const keep = intDigits + exp + 3;
  let ms = 0;
  let used = 0;
  for (let k = i; k < j && used < keep; k++) {
    c = b[k];
    if (c === 46) continue;
    ms = ms * 10 + (c - 48);
    used++;
  }
  if (keep <= 0) ms = 0;
  else if (keep > used) ms *= 10 ** (keep - used);
  if (ms > MAX_TIMESTAMP_MS) return undefined;
  return neg && ms !== 0 ? -ms : ms;
}

/**
 * Formats a float as Prometheus formats OpenMetrics label values: Go's shortest 'g' format, with
 * ".0" added to integers, so le="1" and le="1.0" name the same bucket.
 */
export function formatPromFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0.0" : "0.0";
  const sign = f < 0 ? "-" : "";
  // toExponential() without an argument yields the shortest round-trip digits, as Go's 'g' -1.
  const [m, e] = Math.abs(f).toExponential().split("e");
  const digits = m.replace(".", "");
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    const abs = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  const point = exp + 1;
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length) + ".0";
  else out = digits.slice(0, point) + "." + digits.slice(point);
  return sign + out;
}
