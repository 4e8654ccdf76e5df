/** Tokens of one template action (`$value | printf "%.2f"`), as Go's template lexer splits them. */
import { TemplateError } from "./template-funcs";

/** One token of an action. `var` is `$name.f.g`; `field` is `.F.g` (no names for a bare dot). */
export type Token =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number | bigint }
  | { kind: "ident"; name: string }
  | { kind: "var"; name: string; fields: string[] }
  | { kind: "field"; fields: string[] }
  | { kind: "pipe" };

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const FIELDS = /(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /[+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", '"': '"', "'": "'" };

function match(re: RegExp, src: string, at: number): string {
  re.lastIndex = at;
  return re.exec(src)?.[0] ?? "";
}

// Go's escapes in interpreted strings: the single-letter ones, \xHH, \uHHHH, \UHHHHHHHH and octal \ooo.
function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs, (_m, e: string) => {
    if (e.length === 1) {
      if (!(e in ESCAPES)) throw new TemplateError(`unknown escape sequence \\${e}`);
      return ESCAPES[e];
    }
    const code = /^[0-7]/.test(e) ? parseInt(e, 8) : parseInt(e.slice(1), 16);
    if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) throw new TemplateError(`invalid escape \\${e}`);
    return String.fromCodePoint(code);
  });
}

function numberToken(text: string): Token {
  const clean = text.replace(/_/g, "");
  if (/^[+-]?0[xX]/.test(clean)) return { kind: "number", value: BigInt(clean.replace(/^[+-]/, "")) * (clean.startsWith("-") ? -1n : 1n) };
  if (/^[+-]?\d+$/.test(clean)) return { kind: "number", value: BigInt(clean) };
  return { kind: "number", value: Number(clean) };
}

/** Splits an action's text into tokens; constructs Headroom does not support throw TemplateError. */
export function tokenizeAction(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\n") i++;
    else if (c === "|") {
      tokens.push({ kind: "pipe" });
      i++;
    } else if (c === '"' || c === "`") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += c === '"' && src[j] === "\\" ? 2 : 1;
      if (j >= src.length) throw new TemplateError("unterminated quoted string");
      const body = src.slice(i + 1, j);
      tokens.push({ kind: "string", value: c === "`" ? body : unescape(body) });
      i = j + 1;
    } else if (c === "'") {
      const m = /^'(\\[^']*|[^'\\])'/u.exec(src.slice(i));
      if (!m) throw new TemplateError("malformed character constant");
      const ch = m[1].startsWith("\\") ? unescape(m[1]) : m[1];
      tokens.push({ kind: "number", value: BigInt(ch.codePointAt(0) ?? 0) });
      i += m[0].length;
    } else if (c === "$") {
      const name = match(IDENT, src, i + 1);
      const fields = match(FIELDS, src, i + 1 + name.length);
      tokens.push({ kind: "var", name, fields: fields ? fields.slice(1).split(".") : [] });
      i += 1 + name.length + fields.length;
    } else if (c === "." && !/[0-9]/.test(src[i + 1] ?? "")) {
      const fields = match(FIELDS, src, i);
      tokens.push({ kind: "field", fields: fields ? fields.slice(1).split(".") : [] });
      i += Math.max(fields.length, 1);
    } else if (/[A-Za-z_]/.test(c)) {
      const name = match(IDENT, src, i);
      tokens.push({ kind: "ident", name });
      i += name.length;
    } else if (/[0-9.+-]/.test(c) && match(NUMBER, src, i)) {
      const text = match(NUMBER, src, i);
      tokens.push(numberToken(text));
      i += text.length;
    } else if (c === "(" || c === ")") throw new TemplateError("parenthesized pipelines are not supported");
    else if (c === ":" || c === "=") throw new TemplateError("variable declarations are not supported");
    else throw new TemplateError(`unexpected ${JSON.stringify(c)} in command`);
  }
  return tokens;
}
