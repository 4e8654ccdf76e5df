import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Headroom's own metrics, on a Registry of its own (never prom-client's global one). */
export interface Telemetry {
  registry: Registry;
  httpRequestDuration: Histogram<"route" | "method" | "code">;
  jobRuns: Counter<"job" | "outcome">;
  jobFailures: Counter<"job">;
  jobDuration: Histogram<"job">;
  jobLastSuccess: Gauge<"job">;
}

const KEY = Symbol.for("headroom.telemetry");

/** Sampling period of nodejs_eventloop_lag_*: ten samples a second. */
const EVENT_LOOP_MONITOR_MS = 100;

/**
 * The process's telemetry. Next.js bundles route handlers and instrumentation separately, so
 * module state is not shared between them; globalThis is.
 */
export function telemetry(): Telemetry {
  const g = globalThis as unknown as Record<symbol, Telemetry | undefined>;
  return (g[KEY] ??= createTelemetry());
}

/** A fresh set of metrics on a new Registry (tests use this directly). */
export function createTelemetry(): Telemetry {
  const registry = new Registry();
  // The event-loop delay monitor wakes the process at this period even when it has nothing to
  // do; prom-client's default of 10 ms cost an idle worker more CPU than all its jobs together.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITOR_MS });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "headroom_http_request_duration_seconds",
      help: "Latency of HTTP requests served by Headroom's route handlers.",
      labelNames: ["route", "method", "code"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "headroom_job_runs_total",
      help: "Runs of periodic jobs by outcome (ok, error, abandoned, skipped-overlap, skipped-lease).",
      labelNames: ["job", "outcome"],
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: "headroom_job_run_failures_total",
      help: "Runs of periodic jobs that ended in an error.",
      labelNames: ["job"],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "headroom_job_run_duration_seconds",
      help: "Duration of periodic job runs that were executed.",
      labelNames: ["job"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    jobLastSuccess: new Gauge({
      name: "headroom_job_last_success_timestamp_seconds",
      help: "Unix time of the last successful run of each periodic job.",
      labelNames: ["job"],
      registers: [registry],
    }),
  };
}
