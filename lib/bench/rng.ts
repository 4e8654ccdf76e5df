/**
 * A small seeded random source for schedules and prompts: the same seed gives the same
 * arrivals and the same prompts, so two runs of a benchmark send the same load.
 */

/** Uniform, exponential, normal and gamma variates from a 32-bit seed (mulberry32 core). */
export class Rng {
  private state: number;
  private spare: number | null = null;

  /** Any integer seed; different seeds give unrelated streams. */
  constructor(seed: number) {
    this.state = mix(seed >>> 0) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in (0, 1]: safe to take the logarithm of. */
  private open(): number {
    return 1 - this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.open());
  }

  /** Standard normal (Marsaglia's polar method; the second value is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /** Gamma with the given shape and scale 1 (Marsaglia and Tsang; shape < 1 by boosting). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.open(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.open();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}

/** Derives a seed for a sub-stream (a level, a request) from a base seed and an index. */
export function deriveSeed(seed: number, index: number): number {
  return mix((seed >>> 0) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
}

// A 32-bit finaliser (from MurmurHash3), so nearby seeds start far apart.
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
