/** Prometheus durations ("1h30m", "10s53ms", "2w"), in milliseconds. */

const UNITS: [string, number][] = [
  ["y", 365 * 24 * 3600_000],
  ["w", 7 * 24 * 3600_000],
  ["d", 24 * 3600_000],
  ["h", 3600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a Prometheus duration string to milliseconds, or returns undefined when malformed. */
export function parseDuration(s: string): number | undefined {
  if (s === "0") return 0;
  if (s === "") return undefined;
  const m = DURATION_RE.exec(s);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < UNITS.length; i++) {
    if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * UNITS[i][1];
  }
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Formats milliseconds the way Prometheus prints durations (largest units first, "0s" for zero). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let out = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += n + unit;
      rest -= n * size;
    }
  }
  return out;
}
