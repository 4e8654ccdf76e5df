/**
 * When each target is scraped: every interval, at a fixed offset within it derived from the
 * target's identity, so many targets with one interval spread over it instead of all firing at
 * once, and a target keeps its phase across restarts and across worker processes.
 */

/** The target's offset within its interval, in [0, intervalMs). */
export function scrapeOffset(key: string, intervalMs: number): number {
  if (!(intervalMs > 0)) return 0;
  // FNV-1a over the key: cheap, stable across processes, and well spread for similar keys.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % intervalMs;
}

/** The first scrape time at or after `after`: the next t with t mod interval equal to the offset. */
export function nextScrapeAt(key: string, intervalMs: number, after: number): number {
  const offset = scrapeOffset(key, intervalMs);
  const base = after - (((after % intervalMs) + intervalMs) % intervalMs);
  const t = base + offset;
  return t >= after ? t : t + intervalMs;
}
