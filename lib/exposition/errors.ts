/** Why an exposition was rejected, and where: the first bad line wins, and nothing is returned. */
export class ExpositionError extends Error {
  /** The 1-based line of the input where parsing failed. */
  readonly line: number;
  /** The message without its "line N: " prefix. */
  readonly detail: string;

  constructor(line: number, detail: string) {
    super(`line ${line}: ${detail}`);
    this.name = "ExpositionError";
    this.line = line;
    this.detail = detail;
  }
}

/**
 * Describes what sits at `pos` for an error message: the token up to the next delimiter (at most
 * 24 characters), or "end of line" / "end of input".
 */
export function describeAt(s: string, pos: number): string {
  if (pos >= s.length) return "end of input";
  const c = s.charCodeAt(pos);
  if (c === 10) return "end of line";
  if (c === 32 || c === 9 || c === 13) return quote(s[pos]);
  let end = pos + 1;
  // Stop at whitespace and at the punctuation that separates tokens.
  while (end < s.length && end - pos < 24) {
    const d = s.charCodeAt(end);
    if (d === 10 || d === 13 || d === 32 || d === 9 || d === 44 || d === 61 || d === 123 || d === 125 || d === 34) break;
    end++;
  }
  return quote(s.slice(pos, end));
}

/** Quotes a piece of input for a message, with control characters made visible. */
export function quote(text: string): string {
  const inner = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"');
  return `'${inner}'`;
}
