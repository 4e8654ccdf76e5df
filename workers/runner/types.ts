/** What a job receives on each run. */
export interface JobContext {
  /** Aborted when the runner stops; long jobs check it between units of work. */
  signal: AbortSignal;
  /** The time the run started (ms since epoch), from the runner's clock. */
  now: number;
}

/** A periodic job. */
export interface JobSpec {
  name: string;
  intervalMs: number;
  /** Delay before the first run; defaults to 0. */
  initialDelayMs?: number;
  /** How long a lease lasts without renewal; defaults to max(2 x interval, 15 s). */
  leaseMs?: number;
  /**
   * For jobs whose runs span nearly their whole interval (scraping, the bench queue): a tick that
   * finds a run still going starts the next one the moment it ends, instead of skipping a whole
   * interval. Runs still never overlap.
   */
  catchUp?: boolean;
  run(ctx: JobContext): Promise<void>;
}

/** Grants a job to at most one holder at a time, across processes. */
export interface LeaseStore {
  /** True when `holder` now holds the lease on `job` until now + ttlMs. */
  acquire(job: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  release(job: string, holder: string): Promise<void>;
}

/** Outcome of one run. */
export type RunOutcome = "ok" | "error" | "abandoned" | "skipped-overlap" | "skipped-lease";

/** Where run outcomes are recorded. */
export interface RunLog {
  started(job: string, holder: string, at: number): Promise<number>;
  finished(id: number, outcome: "ok" | "error" | "abandoned", at: number, error?: string): Promise<void>;
}

/** A clock and timers, injectable so tests control time. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Hooks for metrics; the runner stays free of prom-client. */
export interface RunnerObserver {
  onRun?(job: string, outcome: RunOutcome, durationMs: number): void;
}

/** Options of a JobRunner. */
export interface RunnerOptions {
  holder: string;
  leases: LeaseStore;
  log: RunLog;
  clock?: Clock;
  observer?: RunnerObserver;
  /** Called with errors of the runner itself (lease store or run log down). */
  onError?: (job: string, err: unknown) => void;
}
