/**
 * String and float helpers that follow Go's rules, because PromQL string literals use Go escapes
 * and Prometheus prints numbers with Go's strconv. Bytes that are not valid UTF-8 are kept as lone
 * surrogates U+DC80..U+DCFF ("surrogateescape"), so `"a\xc5z"` survives a round trip.
 */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, "'": 39, '"': 34,
};

/** Unquotes a PromQL string literal ('...', "..." or `...`); throws an Error on bad escapes. */
export function unquoteString(lit: string): string {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q || (q !== '"' && q !== "'" && q !== "`")) {
    throw new Error(`unterminated quoted string ${lit}`);
  }
  const body = lit.slice(1, -1);
  if (q === "`") return body;
  if (!body.includes("\\")) return body;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      pushUtf8(bytes, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new Error("invalid escape at end of string");
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else if (e === "x") {
      bytes.push(hexValue(body.slice(i + 2, i + 4), 2));
      i += 4;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      const cp = hexValue(body.slice(i + 2, i + 2 + n), n);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw new Error(`invalid Unicode code point in escape: ${body.slice(i, i + 2 + n)}`);
      pushUtf8(bytes, cp);
      i += 2 + n;
    } else if (e >= "0" && e <= "7") {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new Error(`invalid octal escape: \\${oct}`);
      bytes.push(parseInt(oct, 8));
      i += 4;
    } else {
      throw new Error(`unknown escape sequence: \\${e}`);
    }
  }
  return decodeUtf8Escaped(bytes);
}

function hexValue(s: string, n: number): number {
  if (s.length !== n || !/^[0-9a-fA-F]+$/.test(s)) throw new Error(`invalid hex escape: ${s}`);
  return parseInt(s, 16);
}

function pushUtf8(out: number[], cp: number): void {
  if (cp >= 0xdc80 && cp <= 0xdcff) out.push(cp - 0xdc00); // an escaped raw byte
  else if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/** Decodes UTF-8 bytes; each invalid byte becomes U+DC00+byte. */
export function decodeUtf8Escaped(bytes: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b < 0xe0) [need, cp, min] = [1, b & 31, 0x80];
    else if (b >= 0xe0 && b < 0xf0) [need, cp, min] = [2, b & 15, 0x800];
    else if (b >= 0xf0 && b < 0xf5) [need, cp, min] = [3, b & 7, 0x10000];
    let ok = need > 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 63);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))) ok = false;
    if (!ok) {
      out += String.fromCharCode(0xdc00 + b);
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** True when the string holds only valid Unicode (no escaped raw bytes, no lone surrogates). */
export function isValidUtf8(s: string): boolean {
  return !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
}

/** Quotes like Go's strconv.Quote (printable Unicode kept, raw bytes as \xNN). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) out += "\\x" + (cp - 0xdc00).toString(16).padStart(2, "0");
    else if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (cp === 7) out += "\\a";
    else if (cp === 8) out += "\\b";
    else if (cp === 12) out += "\\f";
    else if (cp === 10) out += "\\n";
    else if (cp === 13) out += "\\r";
    else if (cp === 9) out += "\\t";
    else if (cp === 11) out += "\\v";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp >= 0xd800 && cp < 0xe000) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

/** Shortest round-trip digits of a finite non-zero |v| and its decimal exponent (d.ddd × 10^exp). */
function shortestDigits(v: number): { digits: string; exp: number } {
  const [mant, e] = Math.abs(v).toExponential().split("e");
  return { digits: mant.replace(".", ""), exp: Number(e) };
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent. */
export function formatGoF(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const { digits, exp } = shortestDigits(v);
  const sign = v < 0 ? "-" : "";
  if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length);
  return sign + digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
}

/** Go's strconv.FormatFloat(v, 'e', -1, 64), e.g. 1e-07 and 1.5e+21. */
export function formatGoE(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0e+00" : "0e+00";
  const { digits, exp } = shortestDigits(v);
  const mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
  const e = Math.abs(exp).toString().padStart(2, "0");
  return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + e;
}

/** Go's %g / FormatFloat(v, 'g', -1, 64), as Prometheus uses in messages. */
export function formatGoG(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatGoF(v);
  const { exp } = shortestDigits(v);
  return exp < -4 || exp >= 21 ? formatGoE(v) : formatGoF(v);
}

/**
 * Parses a float as Go's strconv.ParseFloat does for the cases Prometheus meets (decimal,
 * exponent, Inf/Infinity/NaN with any case and sign). Returns undefined when malformed.
 */
export function parseGoFloat(s: string): number | undefined {
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (m) {
    if (m[2].toLowerCase() === "nan") return m[1] === "" ? NaN : undefined;
    return m[1] === "-" ? -Infinity : Infinity;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (/^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/.test(s)) return parseHexFloat(s);
  return undefined;
}

function parseHexFloat(s: string): number {
  const neg = s.startsWith("-");
  const body = s.replace(/^[+-]?0[xX]/, "");
  const [mant, exp] = body.split(/[pP]/);
  const [int, frac = ""] = mant.split(".");
  let v = parseInt(int || "0", 16);
  for (let i = 0; i < frac.length; i++) v += parseInt(frac[i], 16) / 16 ** (i + 1);
  v *= 2 ** Number(exp);
  return neg ? -v : v;
}
