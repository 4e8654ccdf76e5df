/** Prometheus duration units in the order they must appear, with their length in ms. */
const UNITS: ReadonlyArray<[string, number]> = [
  ["y", 365 * 24 * 3600_000],
  ["w", 7 * 24 * 3600_000],
  ["d", 24 * 3600_000],
  ["h", 3600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

/**
 * Parses a Prometheus duration such as `15s`, `1h30m` or `0` into milliseconds; units must be
 * in decreasing order and appear once, as Prometheus requires. Returns null when invalid.
 */
export function parseDuration(text: string): number | null {
  if (text === "0") return 0;
  let i = 0;
  let total = 0;
  let lastUnit = -1;
  if (text.length === 0) return null;
  while (i < text.length) {
    const start = i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === start) return null;
    const n = Number(text.slice(start, i));
    // "ms" must win over "m" when both could match.
    const unitIdx = text.startsWith("ms", i) ? 6 : UNITS.findIndex(([u]) => u.length === 1 && text[i] === u);
    if (unitIdx < 0 || unitIdx <= lastUnit) return null;
    i += UNITS[unitIdx][0].length;
    total += n * UNITS[unitIdx][1];
    lastUnit = unitIdx;
  }
  return Number.isSafeInteger(total) ? total : null;
}

/** Formats milliseconds as the shortest Prometheus duration (`90000` -> `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const [unit, len] of UNITS) {
    if (rest >= len) {
      const n = Math.floor(rest / len);
      out += `${n}${unit}`;
      rest -= n * len;
    }
  }
  return out;
}
