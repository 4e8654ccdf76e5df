/**
 * The one formatter for numbers shown to people: times, durations, bytes, percentages. Charts,
 * tables and reports all use these, so the same quantity reads the same everywhere.
 */

/** `2026-11-28 14:03:07` in UTC: unambiguous across an on-call rota in several time zones. */
export function formatTime(t: Date | number | null | undefined): string {
  if (t === null || t === undefined) return "—";
  const d = typeof t === "number" ? new Date(t) : t;
  if (Number.isNaN(d.getTime())) return "—";
  return d.toISOString().replace("T", " ").slice(0, 19);
}

/** A duration in milliseconds with a unit that keeps two or three significant digits. */
export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const abs = Math.abs(ms);
  if (abs < 1) return `${trim(ms * 1000, 3)} µs`;
  if (abs < 1000) return `${trim(ms, 3)} ms`;
  if (abs < 60_000) return `${trim(ms / 1000, 3)} s`;
  if (abs < 3600_000) return `${trim(ms / 60_000, 3)} min`;
  return `${trim(ms / 3600_000, 3)} h`;
}

/** Bytes in binary units: 1536 -> `1.5 KiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : trim(v, 3)} ${units[i]}`;
}

/** A ratio (0.053) as a percentage (`5.3%`). */
export function formatPercent(ratio: number | null | undefined, digits = 3): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${trim(ratio * 100, digits)}%`;
}

/** Rounds to `sig` significant digits without trailing zeros. */
function trim(v: number, sig: number): string {
  if (v === 0) return "0";
  return String(Number(v.toPrecision(sig)));
}
