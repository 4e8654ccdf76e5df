/** Failed sign-ins allowed per account within the window before it is locked for the window. */
export const MAX_FAILURES = 5;
/** The window, in milliseconds. */
export const WINDOW_MS = 5 * 60_000;

/**
 * Counts failed sign-ins per key (the lower-cased email) in a sliding window. Pure apart from
 * its map, with `now` passed in, so tests drive time. One process's view: behind several web
 * processes each throttles on its own, which still bounds guessing to a few per minute each.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfterMs(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.max) return 0;
    return recent[recent.length - this.max] + this.windowMs - now;
  }

  /** Records a failed attempt. */
  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.sweep(now);
  }

  /** Forgets a key after a successful sign-in. */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private sweep(now: number): void {
    for (const [k, v] of this.failures) if (v.every((t) => t <= now - this.windowMs)) this.failures.delete(k);
  }
}
