export { JobRunner } from "./job-runner";
export { dbLeaseStore, dbRunLog, pruneJobRuns } from "./db-store";
export { systemClock } from "./types";
export type { Clock, JobContext, JobSpec, LeaseStore, RunLog, RunOutcome, RunnerObserver, RunnerOptions } from "./types";
