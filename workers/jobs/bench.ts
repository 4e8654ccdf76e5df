import type { Runtime } from "@/lib/runtime";
import { claimBenchRun, markInterruptedRuns, runQueuedBench, waitForQueuedRun } from "@/lib/bench";
import type { JobSpec } from "../runner";

/** One run of the job polls for about this long when idle; runs follow each other back to back. */
const RUN_INTERVAL_MS = 60_000;
/**
 * How often an idle worker looks for a run queued by another process; one queued in this
 * process (the embedded default) wakes it at once. Each look is a statement, so not every second.
 */
const POLL_MS = 5_000;
// A run ends this long before the next tick, so the runner never finds an idle run still going.
const RUN_MARGIN_MS = 500;
// Short, so another worker process takes the queue over soon after this one dies.
const LEASE_MS = 20_000;

/**
 * The bench job: runs benchmarks queued from the Benchmarks page or POST /api/bench, one at a
 * time per Headroom installation (the runner's lease), oldest first. Each queued run is claimed
 * atomically, so even two workers holding the lease by accident never run the same one. Runs
 * left "running" by a dead process are closed as interrupted before anything is claimed.
 */
export function benchJob(rt: Runtime, log: (line: string) => void = console.log): JobSpec {
  const db = rt.database.db;
  return {
    name: "bench",
    intervalMs: RUN_INTERVAL_MS,
    catchUp: true,
    leaseMs: LEASE_MS,
    async run({ signal, now }) {
      const end = now + RUN_INTERVAL_MS - RUN_MARGIN_MS;
      const closed = await markInterruptedRuns(db, new Date());
      if (closed > 0) log(`bench: closed ${closed} interrupted run(s)`);
      while (!signal.aborted) {
        const run = await claimBenchRun(db, new Date());
        if (run) {
          log(`bench: run ${run.id} started (${run.target})`);
          const outcome = await runQueuedBench(run, { db, secrets: rt.secrets, signal, log });
          log(`bench: run ${run.id} ${outcome}`);
          continue;
        }
        if (Date.now() + POLL_MS >= end) break;
        await waitForQueuedRun(POLL_MS, signal);
      }
    },
  };
}

