/**
 * The shape of the demo traffic, as pure functions of time: a daily rhythm of requests per
 * second (peak in the afternoon, trough at night) and occasional error bursts, windows of a few
 * minutes in which a share of requests fail. Bursts are drawn from a hash of the time slot, so
 * every process (and every restart) agrees on when they happen.
 */

/** When and how badly the demo's requests fail. */
export interface BurstShape {
  /** Time is cut into slots of this length; each holds at most one burst. */
  slotMs: number;
  /** Probability that a slot holds a burst. */
  chance: number;
  minDurationMs: number;
  maxDurationMs: number;
  /** Share of requests that fail during a burst, drawn per burst in [minRatio, maxRatio]. */
  minRatio: number;
  maxRatio: number;
  seed: number;
}

/** The demo's load: a daily rhythm between two rates, plus error bursts. */
export interface LoadShape {
  /** Requests per second at the nightly trough and at the afternoon peak. */
  minRps: number;
  maxRps: number;
  /** Local hour of the peak, 0-24 (fractions allowed). */
  peakHour: number;
  /** Minutes east of UTC of the clock the rhythm follows (the server's local time). */
  utcOffsetMinutes: number;
  /** Share of requests sent malformed on purpose (real 4xx answers), at any time. */
  badRequestRatio: number;
  bursts: BurstShape;
}

/** An error burst: [start, end) in ms since the epoch and the share of requests that fail. */
export interface Burst {
  start: number;
  end: number;
  ratio: number;
}

/** Light enough to cost a few percent of one core on the demo's tiny model. */
export const DEFAULT_SHAPE: LoadShape = {
  minRps: 0.2,
  maxRps: 1,
  peakHour: 15,
  utcOffsetMinutes: 0,
  badRequestRatio: 0.005,
  bursts: { slotMs: 3_600_000, chance: 0.3, minDurationMs: 3 * 60_000, maxDurationMs: 10 * 60_000, minRatio: 0.05, maxRatio: 0.4, seed: 1 },
};

const DAY_MS = 86_400_000;

/** Requests per second at `now`: a cosine over the local day, maxRps at peakHour, minRps 12 h away. */
export function requestRate(shape: LoadShape, now: number): number {
  const localMs = now + shape.utcOffsetMinutes * 60_000;
  const hour = (((localMs % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  const phase = ((hour - shape.peakHour) / 24) * 2 * Math.PI;
  return shape.minRps + ((shape.maxRps - shape.minRps) * (1 + Math.cos(phase))) / 2;
}

/** The burst of the slot holding `now`, whether or not `now` falls inside it; null for a quiet slot. */
export function burstOfSlot(b: BurstShape, now: number): Burst | null {
  const slot = Math.floor(now / b.slotMs);
  if (unit(b.seed, slot, 0) >= b.chance) return null;
  const duration = Math.min(b.slotMs, b.minDurationMs + unit(b.seed, slot, 1) * (b.maxDurationMs - b.minDurationMs));
  const start = slot * b.slotMs + Math.floor(unit(b.seed, slot, 2) * (b.slotMs - duration));
  return { start, end: start + duration, ratio: b.minRatio + unit(b.seed, slot, 3) * (b.maxRatio - b.minRatio) };
}

/** The burst under way at `now`, or null. */
export function burstAt(b: BurstShape, now: number): Burst | null {
  const burst = burstOfSlot(b, now);
  return burst && now >= burst.start && now < burst.end ? burst : null;
}

/** Share of requests sent at `now` that should fail with a server error (0 outside bursts). */
export function errorRatio(shape: LoadShape, now: number): number {
  return burstAt(shape.bursts, now)?.ratio ?? 0;
}

/**
 * The wait before the next request of a Poisson process at `rate` per second, from a uniform
 * draw `u` in [0, 1). The rate changes over hours, so drawing each gap at the current rate is
 * close enough to a non-homogeneous process.
 */
export function nextGapMs(rate: number, u: number): number {
  if (!(rate > 0)) return Infinity;
  return (-Math.log(1 - Math.min(Math.max(u, 0), 1 - 1e-12)) / rate) * 1000;
}

/** A uniform number in [0, 1) from a seed, a slot and a draw index (a MurmurHash3-style mix). */
function unit(seed: number, slot: number, k: number): number {
  let h = (seed >>> 0) ^ Math.imul((slot % 0x7fffffff) + 1, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b);
  h ^= Math.floor(slot / 0x7fffffff);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
