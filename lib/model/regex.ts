/**
 * Translates RE2 syntax (what Prometheus uses for =~, !~ and label_replace) into a JavaScript
 * RegExp with the "u" flag. JavaScript lacks inline flags like `(?i)`, POSIX classes and \Q..\E,
 * so each construct is rewritten explicitly; case-insensitivity is expanded per character.
 */

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
  U: boolean;
}

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z", alpha: "A-Za-z", ascii: "\\x00-\\x7f", blank: "\\t ", cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9", graph: "!-~", lower: "a-z", print: " -~", punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ", upper: "A-Z", word: "0-9A-Za-z_", xdigit: "0-9A-Fa-f",
};
const PERL: Record<string, string> = { d: "0-9", s: "\\t\\n\\f\\r ", w: "0-9A-Za-z_" };

/** An error in a regular expression, worded like Go's regexp package. */
export class RegexSyntaxError extends Error {}

/** Emits one code point as a literal that is valid in a u-mode class or pattern. */
function lit(cp: number): string {
  if ((cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122)) return String.fromCharCode(cp);
  if (cp < 0x80) return "\\x" + cp.toString(16).padStart(2, "0");
  return "\\u{" + cp.toString(16) + "}";
}

function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const out = new Set<number>([cp]);
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    if ([...v].length === 1) out.add(v.codePointAt(0)!);
  }
  return [...out];
}

class Translator {
  private pos = 0;
  constructor(private readonly src: string) {}

  fail(msg: string): never {
    throw new RegexSyntaxError(`error parsing regexp: ${msg}: \`${this.src.slice(Math.max(0, this.pos - 1))}\``);
  }

  private peekCp(): number {
    return this.src.codePointAt(this.pos)!;
  }

  private nextCp(): number {
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** Translates an alternation until ")" or the end; flags may change inside (via "(?i)"). */
  alternation(flags: Flags, depth: number): string {
    let out = "";
    let f = { ...flags };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ")") {
        if (depth === 0) this.fail("unexpected )");
        return out;
      }
      if (c === "|") {
        this.pos++;
        out += "|";
        continue;
      }
      const atom = this.atom(f);
      if (atom === null) {
        // A "(?flags)" group: it changes the flags for the rest of this group.
        f = this.lastFlags!;
        continue;
      }
      out += atom + this.quantifier(atom, f);
    }
    if (depth > 0) this.fail("missing closing )");
    return out;
  }

  private lastFlags: Flags | null = null;

  private quantifier(atom: string, f: Flags): string {
    const c = this.src[this.pos];
    let q = "";
    if (c === "*" || c === "+" || c === "?") {
      this.pos++;
      q = c;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return "";
      const min = Number(m[1]);
      const max = m[3] ? Number(m[3]) : undefined;
      if (min > 1000 || (max !== undefined && (max > 1000 || max < min))) this.fail("invalid repeat count");
      this.pos += m[0].length;
      q = m[0];
    } else {
      return "";
    }
    if (atom === "" || atom === "^" || atom === "$") this.fail("missing argument to repetition operator");
    let lazy = false;
    if (this.src[this.pos] === "?") {
      this.pos++;
      lazy = true;
    }
    if (f.U) lazy = !lazy;
    const next = this.src[this.pos];
    if (next === "*" || next === "+" || (next === "?" && !lazy)) this.fail("invalid nested repetition operator");
    return q + (lazy ? "?" : "");
  }

  /** One atom; returns null for a bare flag group, whose flags are left in lastFlags. */
  private atom(f: Flags): string | null {
    const c = this.src[this.pos];
    switch (c) {
      case "(":
        return this.group(f);
      case "[":
        return this.charClass(f);
      case ".":
        this.pos++;
        return f.s ? "[^]" : "[^\\n]";
      case "^":
        this.pos++;
        return f.m ? "(?<![^\\n])" : "(?<![^])";
      case "$":
        this.pos++;
        return f.m ? "(?![^\\n])" : "(?![^])";
      case "\\":
        return this.escape(f, false);
      case "*":
      case "+":
      case "?":
        this.fail("missing argument to repetition operator");
        break;
      case "{":
        if (/^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos))) this.fail("missing argument to repetition operator");
        this.pos++;
        return lit(123);
    }
    return this.literal(this.nextCp(), f);
  }

  private literal(cp: number, f: Flags): string {
    if (!f.i) return lit(cp);
    const vs = caseVariants(cp);
    return vs.length === 1 ? lit(cp) : "[" + vs.map(lit).join("") + "]";
  }

  private group(f: Flags): string | null {
    this.pos++; // "("
    const rest = this.src.slice(this.pos);
    let inner: Flags = f;
    let prefix = "(";
    if (rest.startsWith("?")) {
      const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      const flagM = /^\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
      if (named) {
        this.pos += named[0].length;
        prefix = `(?<${named[1]}>`;
      } else if (flagM) {
        this.pos += flagM[0].length;
        inner = { ...f };
        for (const ch of flagM[1]) inner[ch as keyof Flags] = true;
        for (const ch of flagM[2] ?? "") inner[ch as keyof Flags] = false;
        if (flagM[3] === ")") {
          if (flagM[1] + (flagM[2] ?? "") === "") this.fail("invalid or unsupported Perl syntax");
          this.lastFlags = inner;
          return null;
        }
        prefix = "(?:";
      } else {
        this.fail("invalid or unsupported Perl syntax");
      }
    }
    const body = this.alternation(inner, 1);
    this.pos++; // ")"
    return prefix + body + ")";
  }

  /** A backslash escape; in a class, returns class-body text instead of an atom. */
  private escape(f: Flags, inClass: boolean): string {
    this.pos++; // "\"
    if (this.pos >= this.src.length) this.fail("trailing backslash at end of expression");
    const c = this.src[this.pos];
    const lower = c.toLowerCase();
    if (PERL[lower] !== undefined) {
      this.pos++;
      const body = PERL[lower];
      if (inClass) return c === lower ? body : this.fail("negated Perl class inside [] is not supported");
      return c === lower ? `[${body}]` : `[^${body}]`;
    }
    if (c === "p" || c === "P") {
      this.pos++;
      let name = this.src[this.pos++] ?? "";
      if (name === "{") {
        const end = this.src.indexOf("}", this.pos);
        if (end < 0) this.fail("invalid character class range");
        name = this.src.slice(this.pos, end);
        this.pos = end + 1;
      }
      let neg = c === "P";
      if (name.startsWith("^")) {
        neg = !neg;
        name = name.slice(1);
      }
      const prop = name === "Any" ? null : /^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`;
      if (prop === null) return inClass ? "\\u{0}-\\u{10ffff}" : neg ? "[^\\u{0}-\\u{10ffff}]" : "[^]";
      return `\\${neg ? "P" : "p"}{${prop}}`;
    }
    if (!inClass) {
      if (c === "b" || c === "B") {
        this.pos++;
        return "\\" + c;
      }
      if (c === "A") {
        this.pos++;
        return "(?<![^])";
      }
      if (c === "z") {
        this.pos++;
        return "(?![^])";
      }
      if (c === "Q") {
        this.pos++;
        const end = this.src.indexOf("\\E", this.pos);
        const text = this.src.slice(this.pos, end < 0 ? undefined : end);
        this.pos = end < 0 ? this.src.length : end + 2;
        return [...text].map((ch) => this.literal(ch.codePointAt(0)!, f)).join("");
      }
    }
    const cp = this.escapedCodePoint();
    return inClass ? lit(cp) : this.literal(cp, f);
  }

  private escapedCodePoint(): number {
    const c = this.src[this.pos];
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (c in simple) {
      this.pos++;
      return simple[c];
    }
    if (c === "x") {
      const m = /^x(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2}))/.exec(this.src.slice(this.pos));
      if (!m) this.fail("invalid escape sequence");
      this.pos += m[0].length;
      const cp = parseInt(m[1] ?? m[2], 16);
      if (cp > 0x10ffff) this.fail("invalid escape sequence");
      return cp;
    }
    if (c >= "0" && c <= "7") {
      const m = /^[0-7]{1,3}/.exec(this.src.slice(this.pos))!;
      if (c !== "0" && m[0].length === 1 && c !== "0") this.fail("invalid escape sequence");
      this.pos += m[0].length;
      return parseInt(m[0], 8);
    }
    const cp = this.peekCp();
    // RE2 lets any punctuation be escaped, but not letters or digits it does not know.
    if (cp < 0x80 && /[A-Za-z0-9]/.test(c)) this.fail("invalid escape sequence");
    return this.nextCp();
  }

  private charClass(f: Flags): string {
    this.pos++; // "["
    let neg = false;
    if (this.src[this.pos] === "^") {
      neg = true;
      this.pos++;
    }
    const parts: string[] = [];
    let first = true;
    while (true) {
      if (this.pos >= this.src.length) this.fail("missing closing ]");
      const c = this.src[this.pos];
      if (c === "]" && !first) {
        this.pos++;
        break;
      }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos));
      if (posix) {
        const body = POSIX[posix[2]];
        if (!body) this.fail("invalid character class range");
        if (posix[1]) this.fail("negated POSIX class inside [] is not supported");
        this.pos += posix[0].length;
        parts.push(body);
        continue;
      }
      let lo: number;
      if (c === "\\") {
        const save = this.pos;
        const pe = this.src[this.pos + 1];
        if (pe && (PERL[pe.toLowerCase()] !== undefined || pe === "p" || pe === "P")) {
          parts.push(this.escape(f, true));
          continue;
        }
        this.pos = save + 1;
        lo = this.escapedCodePoint();
      } else {
        lo = this.nextCp();
      }
      let hi = lo;
      if (this.src[this.pos] === "-" && this.src[this.pos + 1] !== "]" && this.pos + 1 < this.src.length) {
        this.pos++;
        if (this.src[this.pos] === "\\") {
          this.pos++;
          hi = this.escapedCodePoint();
        } else {
          hi = this.nextCp();
        }
        if (hi < lo) this.fail("invalid character class range");
      }
      parts.push(this.rangeText(lo, hi, f));
    }
    return (neg ? "[^" : "[") + parts.join("") + "]";
  }

  private rangeText(lo: number, hi: number, f: Flags): string {
    let out = lo === hi ? lit(lo) : lit(lo) + "-" + lit(hi);
    if (!f.i) return out;
    if (hi - lo < 256) {
      for (let cp = lo; cp <= hi; cp++) for (const v of caseVariants(cp)) if (v < lo || v > hi) out += lit(v);
    } else {
      // Wide ranges: fold the ASCII letters only.
      const add = (a: number, b: number, shift: number) => {
        const s = Math.max(lo, a);
        const e = Math.min(hi, b);
        if (s <= e) out += lit(s + shift) + "-" + lit(e + shift);
      };
      add(65, 90, 32);
      add(97, 122, -32);
    }
    return out;
  }
}

/** Translates an RE2 pattern into JavaScript RegExp source for the "u" flag. */
export function translateRe2(pattern: string, dotAll = true): string {
  return new Translator(pattern).alternation({ i: false, s: dotAll, m: false, U: false }, 0);
}

const cache = new Map<string, RegExp>();

/** Compiles an RE2 pattern anchored at both ends with dot matching newlines, as Prometheus does. */
export function compileAnchoredRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(`^(?:${translateRe2(pattern)})$`, "u");
    } catch (err) {
      if (err instanceof RegexSyntaxError) throw err;
      throw new RegexSyntaxError(`error parsing regexp: ${(err as Error).message}`);
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}
