/** The template functions Headroom supports, behaving like Prometheus's (which are Go). */
import { formatE, formatF, formatG } from "./go-format";

/** A value inside a template: Go float64 (number), int (bigint), string, bool, a label map, or a missing key (null). */
export type TemplateValue = string | number | bigint | boolean | Record<string, string> | null;

/** An error that makes the whole expansion fail, as a Go template execution error does. */
export class TemplateError extends Error {}

/** A value printed as Go's `{{ . }}` or `%v` prints it. */
export function printValue(v: TemplateValue): string {
  if (v === null) return "<no value>";
  if (typeof v === "number") return formatG(v);
  if (typeof v === "object") {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${v[k]}`).join(" ")}]`;
  }
  return String(v);
}

/** The Go type name of a value, as fmt prints it in `%!d(string=x)`. */
export function goType(v: TemplateValue): string {
  if (typeof v === "number") return "float64";
  if (typeof v === "bigint") return "int";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  return v === null ? "<nil>" : "map[string]string";
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// Prometheus converts a function's argument with strconv.ParseFloat when it is a string.
function toFloat(v: TemplateValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    if (FLOAT_RE.test(v)) return Number(v);
    if (/^[+-]?(inf|infinity)$/i.test(v)) return v.startsWith("-") ? -Infinity : Infinity;
    if (/^nan$/i.test(v)) return NaN;
    throw new TemplateError(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
  }
  throw new TemplateError(`can't convert ${goType(v)} to float`);
}

function scaled(v: number, big: boolean): [number, string] {
  const prefixes = big ? ["k", "M", "G", "T", "P", "E", "Z", "Y"] : ["m", "u", "n", "p", "f", "a", "z", "y"];
  let prefix = "";
  for (const p of prefixes) {
    if (big ? Math.abs(v) < 1000 : Math.abs(v) >= 1) break;
    prefix = p;
    v = big ? v / 1000 : v * 1000;
  }
  return [v, prefix];
}

/** Prometheus's `humanize`: 4 significant digits with an SI prefix (1.235k, 12.5m). */
export function humanize(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return formatG(x, 4);
  const [v, prefix] = scaled(x, Math.abs(x) >= 1);
  return formatG(v, 4) + prefix;
}

/** Prometheus's `humanizePercentage`: a ratio as a percentage (0.1234 is 12.34%). */
export function humanizePercentage(x: number): string {
  return formatG(x * 100, 4) + "%";
}

/** Prometheus's `humanizeDuration`: seconds as `1d 2h 3m 4s`, `1.5s` or `250ms`. */
export function humanizeDuration(x: number): string {
  if (!Number.isFinite(x)) return formatG(x, 4);
  if (x === 0) return "0s";
  if (Math.abs(x) < 1) {
    const [v, prefix] = scaled(x, false);
    return `${formatG(v, 4)}${prefix}s`;
  }
  const sign = x < 0 ? "-" : "";
  const total = BigInt(Math.trunc(Math.abs(x)));
  const [s, m, h, d] = [total % 60n, (total / 60n) % 60n, (total / 3600n) % 24n, total / 86400n];
  if (d !== 0n) return `${sign}${d}d ${h}h ${m}m ${s}s`;
  if (h !== 0n) return `${sign}${h}h ${m}m ${s}s`;
  if (m !== 0n) return `${sign}${m}m ${s}s`;
  return `${sign}${formatG(Math.abs(x), 4)}s`;
}

const MAX_WIDTH = 1000;
const VERB_RE = /%([-+ 0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])?/g;

/** Go's fmt.Sprintf for the verbs templates use: %s %v %d %f %e %g (with flags, width, precision). */
export function sprintf(format: string, args: TemplateValue[]): string {
  let next = 0;
  const out = format.replace(VERB_RE, (_all, flags: string, width: string, prec: string | undefined, verb: string | undefined) => {
    if (verb === "%") return "%";
    if (!verb) return "%!(NOVERB)";
    if (Number(width) > MAX_WIDTH || Number(prec ?? 0) > MAX_WIDTH) throw new TemplateError("printf: width or precision too large");
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[next++];
    const p = prec === undefined ? undefined : Number(prec || 0);
    let s = formatArg(verb, arg, p);
    if (s === null) return `%!${verb}(${goType(arg)}=${printValue(arg)})`;
    if (flags.includes("+") && typeof arg !== "string" && !s.startsWith("-")) s = "+" + s;
    else if (flags.includes(" ") && typeof arg !== "string" && !s.startsWith("-")) s = " " + s;
    const w = Number(width || 0);
    if (flags.includes("-")) return s.padEnd(w);
    if (flags.includes("0") && typeof arg !== "string" && /\d/.test(s)) {
      // Go puts the zeros between the sign and the digits.
      const signChar = /^[+\- ]/.test(s) ? s[0] : "";
      return signChar + s.slice(signChar.length).padStart(w - signChar.length, "0");
    }
    return s.padStart(w);
  });
  if (next < args.length) return `${out}%!(EXTRA ${args.slice(next).map((a) => `${goType(a)}=${printValue(a)}`).join(", ")})`;
  return out;
}

function formatArg(verb: string, arg: TemplateValue, prec: number | undefined): string | null {
  const isNum = typeof arg === "number" || typeof arg === "bigint";
  switch (verb) {
    case "v":
      return printValue(arg);
    case "s":
      return typeof arg === "string" ? (prec === undefined ? arg : [...arg].slice(0, prec).join("")) : isNum ? null : printValue(arg);
    case "d":
      return typeof arg === "bigint" ? arg.toString() : null;
    case "f": case "F": case "e": case "E": case "g": case "G": {
      if (!isNum) return null;
      const n = Number(arg);
      if (verb === "f" || verb === "F") return formatF(n, prec ?? 6);
      if (verb === "e" || verb === "E") return formatE(n, prec ?? 6, verb === "E");
      return formatG(n, prec ?? -1, verb === "G");
    }
    default:
      throw new TemplateError(`printf: verb %${verb} is not supported`);
  }
}

/** Template functions by name; each takes its evaluated arguments (a piped value comes last). */
export const FUNCS: Record<string, (args: TemplateValue[]) => TemplateValue> = {
  humanize: (a) => humanize(toFloat(one("humanize", a))),
  humanizePercentage: (a) => humanizePercentage(toFloat(one("humanizePercentage", a))),
  humanizeDuration: (a) => humanizeDuration(toFloat(one("humanizeDuration", a))),
  printf: (a) => {
    if (typeof a[0] !== "string") throw new TemplateError("printf: the first argument must be a format string");
    return sprintf(a[0], a.slice(1));
  },
  toUpper: (a) => str("toUpper", a).toUpperCase(),
  toLower: (a) => str("toLower", a).toLowerCase(),
};

function str(name: string, args: TemplateValue[]): string {
  const v = one(name, args);
  if (typeof v !== "string") throw new TemplateError(`${name}: wrong type for value; expected string; got ${goType(v)}`);
  return v;
}

function one(name: string, args: TemplateValue[]): TemplateValue {
  if (args.length !== 1) throw new TemplateError(`wrong number of args for ${name}: want 1 got ${args.length}`);
  return args[0];
}
