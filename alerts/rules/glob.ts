/**
 * File globs as Prometheus's `rule_files` takes them (Go's filepath.Glob): `*`, `?`, `[a-z]`,
 * `[^0-9]` and `\` escapes, in any path segment. Node 20 has no fs.globSync, hence this.
 */
import fs from "node:fs";
import path from "node:path";

/** A pattern Go's filepath.Match would reject (an unclosed `[`, a trailing `\`). */
export class GlobSyntaxError extends Error {}

/** True when the text holds glob metacharacters, so it is a pattern rather than a plain path. */
export function hasMeta(s: string): boolean {
  return /[*?[\\]/.test(s);
}

const lit = (c: string) => (/[A-Za-z0-9]/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`);

// Reads a `[...]` class starting after the `[`; returns the regex source and the index after `]`.
function charClass(chars: string[], i: number, pattern: string): [string, number] {
  const negate = chars[i] === "^";
  if (negate) i++;
  const ranges: string[] = [];
  let first = true;
  for (;;) {
    if (i >= chars.length) throw new GlobSyntaxError(`syntax error in pattern ${JSON.stringify(pattern)}: unclosed "["`);
    if (chars[i] === "]" && !first) break;
    first = false;
    const one = (): string => {
      if (chars[i] === "\\") i++;
      if (i >= chars.length || (chars[i] === "-" && chars[i - 1] !== "\\") || (chars[i] === "]" && chars[i - 1] !== "\\")) {
        throw new GlobSyntaxError(`syntax error in pattern ${JSON.stringify(pattern)}`);
      }
      return chars[i++];
    };
    const lo = one();
    let hi = lo;
    if (chars[i] === "-") {
      i++;
      hi = one();
    }
    // A reversed range matches nothing in Go; a JavaScript regex would refuse it.
    if (lo.codePointAt(0)! <= hi.codePointAt(0)!) ranges.push(lo === hi ? lit(lo) : `${lit(lo)}-${lit(hi)}`);
  }
  const body = ranges.join("");
  if (negate) return [`[^/${body}]`, i + 1];
  return [body ? `[${body}]` : "[^\\s\\S]", i + 1];
}

/** Compiles one path segment's pattern to an anchored RegExp; throws GlobSyntaxError when malformed. */
export function segmentRegExp(pattern: string): RegExp {
  const chars = [...pattern];
  let src = "";
  for (let i = 0; i < chars.length; ) {
    const c = chars[i];
    if (c === "*") [src, i] = [src + "[^/]*", i + 1];
    else if (c === "?") [src, i] = [src + "[^/]", i + 1];
    else if (c === "[") {
      const [cls, next] = charClass(chars, i + 1, pattern);
      [src, i] = [src + cls, next];
    } else if (c === "\\") {
      if (i + 1 >= chars.length) throw new GlobSyntaxError(`syntax error in pattern ${JSON.stringify(pattern)}: trailing "\\"`);
      [src, i] = [src + lit(chars[i + 1]), i + 2];
    } else [src, i] = [src + lit(c), i + 1];
  }
  return new RegExp(`^${src}$`, "u");
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return []; // A missing or unreadable directory matches nothing, as in Go.
  }
}

/**
 * The existing paths a pattern matches, sorted within each directory. A relative pattern is
 * taken against `baseDir`, whose own characters are never treated as a pattern.
 */
export function expandGlob(pattern: string, baseDir: string): string[] {
  const absolute = path.isAbsolute(pattern);
  const segments = pattern.split("/").filter((s) => s !== "");
  let bases = [absolute ? path.parse(path.resolve(pattern)).root : path.resolve(baseDir)];
  for (const seg of segments) {
    if (!hasMeta(seg)) {
      bases = bases.map((b) => path.join(b, seg));
      continue;
    }
    const re = segmentRegExp(seg);
    const next: string[] = [];
    for (const b of bases) for (const name of listDir(b)) if (re.test(name)) next.push(path.join(b, name));
    bases = next;
  }
  return bases.filter((p) => fs.existsSync(p));
}
