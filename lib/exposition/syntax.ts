/** Byte constants and character classes shared by the scanner's modules. */

/** The byte '\t'. */
export const TAB = 9;
/** The byte '\n'. */
export const LF = 10;
/** The byte '\r'. */
export const CR = 13;
/** The byte ' '. */
export const SP = 32;
/** The byte '"'. */
export const QUOTE = 34;
/** The byte '#'. */
export const HASH = 35;
/** The byte ','. */
export const COMMA = 44;
/** The byte '='. */
export const EQ = 61;
/** The byte '\\'. */
export const BACKSLASH = 92;
/** The byte '{'. */
export const LBRACE = 123;
/** The byte '}'. */
export const RBRACE = 125;

/** Bit 1: may start a metric name; 2: may continue one; 4: may start a label name; 8: continue. */
export const CHAR_CLASS = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  CHAR_CLASS[c] = (letter || c === 58 ? 3 : 0) | (digit ? 2 | 8 : 0) | (letter ? 12 : 0);
}

/** 1 for the bytes that end a value token in the text format (OpenMetrics: only ' ', '\n'). */
export const END_OF_VALUE = new Uint8Array(256);
END_OF_VALUE[SP] = END_OF_VALUE[LF] = END_OF_VALUE[TAB] = END_OF_VALUE[CR] = 1;

/** The metadata keyword at pos (HELP, TYPE or UNIT, by its four bytes), or null. */
export function keywordAt(b: Uint8Array, pos: number): "HELP" | "TYPE" | "UNIT" | null {
  const c = b[pos];
  if (c === 72) return b[pos + 1] === 69 && b[pos + 2] === 76 && b[pos + 3] === 80 ? "HELP" : null;
  if (c === 84) return b[pos + 1] === 89 && b[pos + 2] === 80 && b[pos + 3] === 69 ? "TYPE" : null;
  if (c === 85) return b[pos + 1] === 78 && b[pos + 2] === 73 && b[pos + 3] === 84 ? "UNIT" : null;
  return null;
}
