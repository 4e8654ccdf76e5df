import {
  systemClock,
  type Clock,
  type JobSpec,
  type LeaseStore,
  type RunLog,
  type RunOutcome,
  type RunnerObserver,
  type RunnerOptions,
} from "./types";

interface JobState {
  spec: JobSpec;
  leaseMs: number;
  timer: unknown;
  running: Promise<RunOutcome> | null;
  controller: AbortController | null;
  runId: number | null;
  /** Set when stop() gave up waiting and recorded the run as abandoned itself. */
  abandoned: boolean;
  holdsLease: boolean;
  /** A tick came while running and the job catches up: run again as soon as this run ends. */
  catchUpDue: boolean;
}

/**
 * Runs periodic jobs: one run of a job at a time (a tick that finds it running is skipped), and
 * only while this runner holds the job's lease, so two processes never run the same job at once.
 */
export class JobRunner {
  private readonly jobs = new Map<string, JobState>();
  private readonly clock: Clock;
  private readonly leases: LeaseStore;
  private readonly log: RunLog;
  private readonly observer: RunnerObserver;
  private readonly onError: (job: string, err: unknown) => void;
  private started = false;
  private stopping = false;
  /** This runner's identity in leases and run records. */
  readonly holder: string;

  constructor(jobs: JobSpec[], opts: RunnerOptions) {
    this.holder = opts.holder;
    this.leases = opts.leases;
    this.log = opts.log;
    this.clock = opts.clock ?? systemClock;
    this.observer = opts.observer ?? {};
    this.onError = opts.onError ?? (() => {});
    for (const spec of jobs) {
      if (this.jobs.has(spec.name)) throw new Error(`duplicate job name "${spec.name}"`);
      if (!(spec.intervalMs > 0)) throw new Error(`job "${spec.name}": interval must be positive`);
      this.jobs.set(spec.name, {
        spec,
        leaseMs: spec.leaseMs ?? Math.max(2 * spec.intervalMs, 15_000),
        timer: null,
        running: null,
        controller: null,
        runId: null,
        abandoned: false,
        holdsLease: false,
        catchUpDue: false,
      });
    }
  }

  /** Names of the jobs this runner owns. */
  get jobNames(): string[] {
    return [...this.jobs.keys()];
  }

  /** Starts the timers; each job first runs after its initial delay, then every interval. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const state of this.jobs.values()) this.schedule(state, state.spec.initialDelayMs ?? 0);
  }

  private schedule(state: JobState, delayMs: number): void {
    if (this.stopping) return;
    const due = this.clock.now() + delayMs;
    state.timer = this.clock.setTimeout(() => {
      state.timer = null;
      // Fixed rate: the next tick is due one interval after this one, however long the run takes.
      this.schedule(state, Math.max(0, due + state.spec.intervalMs - this.clock.now()));
      void this.tick(state.spec.name);
    }, delayMs);
  }

  /** Attempts one run of a job now and resolves with its outcome. */
  tick(name: string): Promise<RunOutcome> {
    const state = this.jobs.get(name);
    if (!state) return Promise.reject(new Error(`unknown job "${name}"`));
    if (this.stopping) return Promise.resolve("skipped-lease");
    if (state.running) {
      if (state.spec.catchUp) state.catchUpDue = true;
      this.observer.onRun?.(name, "skipped-overlap", 0);
      return Promise.resolve("skipped-overlap");
    }
    // Set synchronously, before any await, so a second tick in the same turn sees it.
    const run = this.execute(state).finally(() => {
      state.running = null;
      if (state.catchUpDue) {
        state.catchUpDue = false;
        if (!this.stopping) void this.tick(name);
      }
    });
    state.running = run;
    return run;
  }

  private async execute(state: JobState): Promise<RunOutcome> {
    const name = state.spec.name;
    let acquired: boolean;
    try {
      acquired = await this.leases.acquire(name, this.holder, state.leaseMs, this.clock.now());
    } catch (err) {
      this.onError(name, err);
      this.observer.onRun?.(name, "skipped-lease", 0);
      return "skipped-lease";
    }
    state.holdsLease = acquired;
    if (!acquired || this.stopping) {
      this.observer.onRun?.(name, "skipped-lease", 0);
      return "skipped-lease";
    }
    const startedAt = this.clock.now();
    const controller = new AbortController();
    state.controller = controller;
    state.abandoned = false;
    let renewTimer: unknown = null;
    const renew = () => {
      renewTimer = this.clock.setTimeout(() => {
        this.leases.acquire(name, this.holder, state.leaseMs, this.clock.now()).catch((e) => this.onError(name, e));
        renew();
      }, state.leaseMs / 3);
    };
    let outcome: RunOutcome = "ok";
    let message: string | undefined;
    try {
      state.runId = await this.log.started(name, this.holder, startedAt);
      renew();
      await state.spec.run({ signal: controller.signal, now: startedAt });
    } catch (err) {
      outcome = controller.signal.aborted ? "abandoned" : "error";
      message = err instanceof Error ? err.message : String(err);
    } finally {
      if (renewTimer !== null) this.clock.clearTimeout(renewTimer);
      state.controller = null;
    }
    const finishedAt = this.clock.now();
    if (state.runId !== null && !state.abandoned) {
      try {
        await this.log.finished(state.runId, outcome as "ok" | "error" | "abandoned", finishedAt, message);
      } catch (err) {
        this.onError(name, err);
      }
    }
    state.runId = null;
    this.observer.onRun?.(name, outcome, finishedAt - startedAt);
    if (outcome === "error") this.onError(name, new Error(message));
    return outcome;
  }

  /**
   * Stops scheduling, asks running jobs to stop (their signal aborts), waits up to `graceMs`,
   * records runs still going as abandoned, and releases this runner's leases.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const state of this.jobs.values()) {
      if (state.timer !== null) this.clock.clearTimeout(state.timer);
      state.timer = null;
      state.controller?.abort(new Error("runner stopping"));
    }
    const running = [...this.jobs.values()].filter((s) => s.running).map((s) => s.running!);
    if (running.length > 0) {
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.allSettled(running), grace]);
      clearTimeout(graceTimer);
    }
    for (const state of this.jobs.values()) {
      if (state.running && state.runId !== null) {
        state.abandoned = true;
        await this.log
          .finished(state.runId, "abandoned", this.clock.now(), "still running when the runner stopped")
          .catch((e) => this.onError(state.spec.name, e));
      }
      if (state.holdsLease) await this.leases.release(state.spec.name, this.holder).catch(() => {});
    }
  }
}
