/** Undoing the escapes of the exposition formats; called lazily, off the parser's hot path. */

/**
 * Unescapes a label value or quoted name: \\ \" and \n; any other backslash pair is kept as
 * written, as Prometheus and the Python client do.
 */
export function unescapeLabelValue(raw: string): string {
  return raw.indexOf("\\") < 0 ? raw : unescape(raw, true);
}

/** Unescapes HELP text: \\ and \n in the text format; OpenMetrics also unescapes \". */
export function unescapeHelp(raw: string, openMetrics: boolean): string {
  return raw.indexOf("\\") < 0 ? raw : unescape(raw, openMetrics);
}

function unescape(raw: string, withQuote: boolean): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) !== 92 || i + 1 >= raw.length) continue;
    const next = raw.charCodeAt(i + 1);
    let repl: string | null = null;
    if (next === 92) repl = "\\";
    else if (next === 110) repl = "\n";
    else if (next === 34 && withQuote) repl = '"';
    if (repl === null) {
      // An unknown escape stays as two characters; skip both so "\\\\n" is not misread.
      i++;
      continue;
    }
    out += raw.slice(from, i) + repl;
    i++;
    from = i + 1;
  }
  return out + raw.slice(from);
}
