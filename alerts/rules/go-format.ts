/**
 * Go's float formatting (%v, %e, %f, %g with precision), digit for digit, so templates print
 * numbers as Prometheus does (`1e+06`, not `1000000`). Rounding is Go's: exact, half to even.
 */

/** A positive number as decimal digits: value = 0.DIGITS × 10^dp, no trailing zeros ("" is zero). */
interface Decimal {
  d: string;
  dp: number;
}

// The exact decimal value of a finite double: every double is n / 2^k = n·5^k / 10^k.
function exact(v: number): Decimal {
  if (v === 0) return { d: "", dp: 0 };
  let x = v;
  let k = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    k++;
  }
  const s = (BigInt(x) * 5n ** BigInt(k)).toString();
  return { d: s.replace(/0+$/, ""), dp: s.length - k };
}

// The shortest digits that read back as v, as JavaScript and Go both compute them.
function shortest(v: number): Decimal {
  if (v === 0) return { d: "", dp: 0 };
  const [mant, exp] = v.toExponential().split("e");
  return { d: mant.replace(".", "").replace(/0+$/, ""), dp: Number(exp) + 1 };
}

function round(x: Decimal, nd: number): Decimal {
  if (nd < 0) return { d: "", dp: x.dp };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  // Exactly half (a 5 and nothing after it) rounds to the even neighbour.
  const up = next > 5 || (next === 5 && (nd + 1 < x.d.length || (nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1)));
  if (!up) return { d: x.d.slice(0, nd).replace(/0+$/, ""), dp: x.dp };
  const digits = x.d.slice(0, nd).split("");
  let i = nd - 1;
  while (i >= 0 && digits[i] === "9") digits[i--] = "0";
  if (i < 0) return { d: "1", dp: x.dp + 1 };
  digits[i] = String(Number(digits[i]) + 1);
  return { d: digits.join("").replace(/0+$/, ""), dp: x.dp };
}

const digitAt = (x: Decimal, i: number): string => (i >= 0 && i < x.d.length ? x.d[i] : "0");

function fmtE(x: Decimal, prec: number, e = "e"): string {
  let out = digitAt(x, 0);
  if (prec > 0) {
    out += ".";
    for (let i = 1; i <= prec; i++) out += digitAt(x, i);
  }
  const exp = x.d === "" ? 0 : x.dp - 1;
  return `${out}${e}${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

function fmtF(x: Decimal, prec: number): string {
  let out = "";
  if (x.dp > 0) for (let i = 0; i < x.dp; i++) out += digitAt(x, i);
  else out = "0";
  if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) out += digitAt(x, x.dp + i);
  }
  return out;
}

function special(v: number): string | null {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return null;
}

const sign = (v: number) => (v < 0 || Object.is(v, -0) ? "-" : "");

/** Go's `%.Ne` (`%e` is precision 6); `upper` gives `%E`. */
export function formatE(v: number, prec = 6, upper = false): string {
  return special(v) ?? sign(v) + fmtE(round(exact(Math.abs(v)), prec + 1), prec, upper ? "E" : "e");
}

/** Go's `%.Nf` (`%f` is precision 6). */
export function formatF(v: number, prec = 6): string {
  if (special(v)) return special(v)!;
  const x = exact(Math.abs(v));
  return sign(v) + fmtF(round(x, x.dp + prec), prec);
}

/** Go's `%.Ng`; a negative precision is `%g` and `%v`: the shortest exact digits. */
export function formatG(v: number, prec = -1, upper = false): string {
  if (special(v)) return special(v)!;
  let x: Decimal;
  let eprec: number;
  if (prec < 0) {
    x = shortest(Math.abs(v));
    prec = x.d.length;
    eprec = 6;
  } else {
    if (prec === 0) prec = 1;
    x = round(exact(Math.abs(v)), prec);
    eprec = prec > x.d.length && x.d.length >= x.dp ? x.d.length : prec;
  }
  const exp = x.dp - 1;
  if (x.d !== "" && (exp < -4 || exp >= eprec)) return sign(v) + fmtE(x, Math.min(prec, x.d.length) - 1, upper ? "E" : "e");
  return sign(v) + fmtF(x, Math.max((prec > x.dp ? x.d.length : prec) - x.dp, 0));
}
