/** Query ranges offered on the Explore page, in milliseconds. */
export const RANGES: Record<string, number> = {
  "5m": 5 * 60_000,
  "15m": 15 * 60_000,
  "1h": 3600_000,
  "6h": 6 * 3600_000,
  "24h": 24 * 3600_000,
  "7d": 7 * 24 * 3600_000,
};

/** About 250 points across the range, at least 15 s, in whole seconds (as Prometheus's UI picks). */
export function autoStepMs(rangeMs: number): number {
  return Math.max(15, Math.ceil(rangeMs / 250 / 1000)) * 1000;
}
