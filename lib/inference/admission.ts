/**
 * Admission control for the model server: at most `parallel` requests generate at once, at
 * most `queue` wait in line (first come, first served), and the rest are refused at once so
 * the client sees back-pressure (HTTP 429) instead of an unbounded wait.
 */

/** A slot held by a running request; call it once to give the slot back. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

/** The queue-full refusal; the server answers it with 429. */
export class QueueFullError extends Error {}

/** Bounded concurrency with a bounded FIFO queue. */
export class Admission {
  private active = 0;
  private readonly line: Waiter[] = [];

  /** `parallel` >= 1 run at once; `queue` >= 0 may wait. */
  constructor(readonly parallel: number, readonly queue: number) {
    if (!(parallel >= 1) || !(queue >= 0)) throw new RangeError("parallel must be >= 1 and queue >= 0");
  }

  /** Requests holding a slot. */
  get running(): number {
    return this.active;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.line.length;
  }

  /**
   * Takes a slot, waiting in line if all are busy. Throws QueueFullError at once when the line
   * is full; rejects with the signal's reason if `signal` aborts while waiting.
   */
  enter(signal?: AbortSignal): Promise<Release> {
    if (this.active < this.parallel && this.line.length === 0) return Promise.resolve(this.grant());
    if (this.line.length >= this.queue)
      throw new QueueFullError(`${this.active} requests running and ${this.line.length} waiting (limits ${this.parallel} and ${this.queue})`);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const i = this.line.indexOf(waiter);
        if (i >= 0) this.line.splice(i, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted while waiting"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.line.push(waiter);
    });
  }

  private grant(): Release {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const next = this.line.shift();
      if (next) next.grant(this.grant());
    };
  }
}
