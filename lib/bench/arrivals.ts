/**
 * Arrival schedules for rate-driven load: when each request should be sent. Pure and seeded;
 * the runner only waits for the times these functions return.
 */
import { Rng } from "./rng";

/** A request rate (per second) and how bursty its arrivals are. */
export interface ArrivalOptions {
  /** Mean requests per second; Infinity sends everything at once. */
  rate: number;
  /**
   * Gamma shape of the gaps, as vLLM's --burstiness: 1 is a Poisson process, below 1 burstier,
   * above 1 more regular. The mean gap stays 1/rate whatever the value.
   */
  burstiness: number;
  seed: number;
  /** The rate rises linearly from 0 to `rate` over this many milliseconds (0: no ramp). */
  rampUpMs?: number;
}

/**
 * Gaps between arrivals in milliseconds: gamma(shape = burstiness, scale = 1/(rate·burstiness)),
 * so mean 1000/rate and variance 1000²/(rate²·burstiness). Endless; take what you need.
 */
export function* arrivalGaps(opts: Pick<ArrivalOptions, "rate" | "burstiness" | "seed">): Generator<number> {
  validate(opts.rate, opts.burstiness);
  if (opts.rate === Infinity) for (;;) yield 0;
  const rng = new Rng(opts.seed);
  const meanMs = 1000 / opts.rate;
  const b = opts.burstiness;
  // Shape 1 is the exponential; drawing it directly is exact and cheaper than the gamma path.
  if (b === 1) for (;;) yield rng.exponential() * meanMs;
  for (;;) yield (rng.gamma(b) / b) * meanMs;
}

/**
 * Send times in milliseconds from the level's start: the first at 0, then cumulative gaps,
 * stretched over the ramp-up so that the rate grows linearly to its target.
 */
export function* arrivalTimes(opts: ArrivalOptions): Generator<number> {
  const ramp = opts.rampUpMs ?? 0;
  let u = 0;
  const gaps = arrivalGaps(opts);
  for (;;) {
    yield rampedTime(u, ramp);
    u += gaps.next().value as number;
  }
}

/**
 * Maps "operational" time u (when the request would go at the full rate) to wall time under a
 * linear ramp of length R: the cumulative rate r·t²/(2R) before R and r·(t − R/2) after equals
 * r·u, so the ramp thins arrivals early without changing their order or the seeded pattern.
 */
export function rampedTime(u: number, rampMs: number): number {
  if (!(rampMs > 0)) return u;
  return u < rampMs / 2 ? Math.sqrt(2 * rampMs * u) : u + rampMs / 2;
}

function validate(rate: number, burstiness: number): void {
  if (!(rate > 0)) throw new RangeError(`rate must be positive, got ${rate}`);
  if (!(burstiness > 0) || !Number.isFinite(burstiness)) throw new RangeError(`burstiness must be a positive number, got ${burstiness}`);
}
