/**
 * A byte mirror of the body for the scanner: one byte per UTF-16 unit, so offsets are shared with
 * the string. Indexing a Uint8Array is over twice as fast as charCodeAt in V8's hot loops.
 */

const encoder = new TextEncoder();
/** Stands in for every non-ASCII character: none of the format's syntax is outside ASCII. */
export const NON_ASCII = 128;

// One buffer reused across parses (a parse is synchronous and keeps no reference to it), so a
// scrape loop does not allocate and zero a body-sized array every time. Huge bodies get their own.
const REUSE_LIMIT = 4 << 20;
let scratch = new Uint8Array(64 << 10);

/**
 * The char codes of s as bytes, non-ASCII mapped to NON_ASCII, with one 0 past the end so name
 * scans stop without a bounds check. The array is only valid until the next call.
 */
export function toCodes(s: string): Uint8Array {
  const n = s.length;
  let codes = scratch;
  if (n + 8 > codes.length) {
    codes = new Uint8Array(Math.max(n + 8, codes.length * 2));
    if (codes.length <= REUSE_LIMIT) scratch = codes;
  }
  const { read, written } = encoder.encodeInto(s, codes);
  // Pure ASCII (the usual case) is copied natively; anything else needs the slow loop.
  if (read !== n || written !== n) {
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      codes[i] = c < 128 ? c : NON_ASCII;
    }
  }
  // Zero a few bytes past the end too: the reused buffer holds the previous body there.
  codes.fill(0, n, n + 8);
  return codes;
}

/** The char codes of a short string, in a fresh array (for use outside a parse). */
export function codesOf(s: string): Uint8Array {
  const codes = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    codes[i] = c < 128 ? c : NON_ASCII;
  }
  return codes;
}

/**
 * True when b[pos, pos+len) equals b[ref, ref+len), read four bytes at a time; both ranges must
 * lie within the body. Comparing against the body's own copy of a name needs no allocation.
 */
export function sameBytes(b: Uint8Array, view: DataView, pos: number, ref: number, len: number): boolean {
  let k = 0;
  for (; k + 8 <= len; k += 8) {
    if (view.getUint32(pos + k, true) !== view.getUint32(ref + k, true) || view.getUint32(pos + k + 4, true) !== view.getUint32(ref + k + 4, true)) return false;
  }
  if (k + 4 <= len) {
    if (view.getUint32(pos + k, true) !== view.getUint32(ref + k, true)) return false;
    k += 4;
  }
  for (; k < len; k++) {
    if (b[pos + k] !== b[ref + k]) return false;
  }
  return true;
}
