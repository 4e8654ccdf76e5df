/** Splitting Go text/template source into text and `{{ }}` actions, as Prometheus templates use. */

/** A piece of a template: literal text, or the inside of one action. */
export type TemplatePart = { kind: "text"; text: string } | { kind: "action"; body: string; offset: number };

/** A syntax error and the offset (in the template) of the action it concerns. */
export interface TemplateSyntaxError {
  message: string;
  offset: number;
}

const SPACE = new Set([" ", "\t", "\r", "\n"]);

function trimEndSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && SPACE.has(s[end - 1])) end--;
  return s.slice(0, end);
}

// Skips a quoted string, raw string or character constant starting at i; returns the index after
// it, or -1 when it never ends (Go's lexer reports those rather than reading to the next "}}").
function skipQuoted(src: string, i: number): number {
  const quote = src[i];
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (quote !== "`" && c === "\\") j++;
    else if (quote !== "`" && c === "\n") return -1;
    else if (c === quote) return j + 1;
  }
  return -1;
}

/**
 * Splits a template into parts, honouring `{{- ` and ` -}}` whitespace trimming and
 * `{{/* comments *\/}}`. Checks syntax only: every action closed and not empty.
 */
export function splitTemplate(src: string): TemplatePart[] | TemplateSyntaxError {
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  for (;;) {
    const open = src.indexOf("{{", i);
    if (open < 0) break;
    let k = open + 2;
    let chunk = src.slice(i, open);
    // A left trim marker is "-" followed by a space; "{{-3}}" is the number -3.
    if (src[k] === "-" && SPACE.has(src[k + 1] ?? "")) {
      chunk = trimEndSpaces(chunk);
      k += 2;
    }
    text += chunk;
    let end = -1;
    let trimRight = false;
    let body: string | null = null;
    if (src.startsWith("/*", k)) {
      const close = src.indexOf("*/", k + 2);
      if (close < 0) return { message: "unclosed comment", offset: open };
      const after = close + 2;
      if (src.startsWith(" -}}", after)) [end, trimRight] = [after + 4, true];
      else if (src.startsWith("}}", after)) end = after + 2;
      else return { message: "comment ends before closing delimiter", offset: open };
    } else {
      for (let j = k; j < src.length; j++) {
        const c = src[j];
        if (c === '"' || c === "`" || c === "'") {
          const next = skipQuoted(src, j);
          if (next < 0) return { message: `unterminated ${c === "`" ? "raw quoted string" : c === "'" ? "character constant" : "quoted string"}`, offset: open };
          j = next - 1;
        } else if (src.startsWith(" -}}", j) || src.startsWith("}}", j)) {
          trimRight = c === " " && src[j + 1] === "-";
          body = src.slice(k, j);
          end = j + (trimRight ? 4 : 2);
          break;
        }
      }
      if (body === null) return { message: 'unclosed action (no matching "}}")', offset: open };
      if (body.trim() === "") return { message: "empty action (missing value for command)", offset: open };
    }
    if (text) parts.push({ kind: "text", text });
    text = "";
    if (body !== null) parts.push({ kind: "action", body, offset: open });
    i = end;
    if (trimRight) while (i < src.length && SPACE.has(src[i])) i++;
  }
  text += src.slice(i);
  if (text) parts.push({ kind: "text", text });
  return parts;
}

/** True when splitTemplate returned an error rather than parts. */
export function isSyntaxError(r: TemplatePart[] | TemplateSyntaxError): r is TemplateSyntaxError {
  return !Array.isArray(r);
}
