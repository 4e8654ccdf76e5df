import path from "node:path";
import type { Runtime } from "@/lib/runtime";
import { DemoRunner, demoStatus, removeDemoTargets } from "@/lib/demo";
import type { JobSpec } from "../runner";
import { sleep } from "@/lib/async";

/** Options of the demo job; tests shorten the times and bring their own runner. */
export interface DemoJobOptions {
  log?: (line: string) => void;
  /** The checkout (where bin/headroom.mjs is); default the working directory. */
  cwd?: string;
  /** How often the decision is taken again. */
  checkMs?: number;
  /** Wait after a failed start before trying again; it doubles with each further failure. */
  retryMs?: number;
  runner?: DemoRunner;
}

const RUN_INTERVAL_MS = 60_000;
const RUN_MARGIN_MS = 500;

/**
 * The demo job: every few seconds it decides whether the demo should run (settings allow it and
 * the operator has no targets of their own) and starts or stops it. A run spans almost the whole
 * interval, so a stopping runner aborts it and the demo's processes end with Headroom; if runs
 * stop coming (the lease went to another process), a watchdog stops the demo here.
 */
export function demoJob(rt: Runtime, o: DemoJobOptions = {}): JobSpec {
  const log = o.log ?? console.log;
  const cwd = o.cwd ?? /*turbopackIgnore: true*/ process.cwd();
  const db = rt.database.db;
  const demo = o.runner ?? new DemoRunner({ db, dataDir: rt.config.database.dataDir, cliPath: path.join(cwd, "bin", "headroom.mjs"), cwd, log });
  const checkMs = o.checkMs ?? 5000;
  let lastReason = "";
  let retryAt = 0;
  let failures = 0;
  let watchdog: ReturnType<typeof setTimeout> | null = null;

  async function check(now: number): Promise<void> {
    const d = await demoStatus(db, rt.config);
    if (d.reason !== lastReason) log(`demo: ${d.on ? "on" : "off"}: ${d.reason}`);
    lastReason = d.reason;
    if (!d.on) {
      if (demo.running) await demo.stop();
      // A target left by an earlier process that stopped with the demo on.
      else if (d.hasDemoTarget && (await removeDemoTargets(db)) > 0) log("demo: removed the demo target left by an earlier run (its data is kept)");
      return;
    }
    if (demo.running || now < retryAt) return;
    try {
      await demo.start();
      failures = 0;
    } catch (err) {
      // Each failed start costs a second or two of CPU, so the retries back off to 30 minutes.
      retryAt = now + Math.min((o.retryMs ?? 60_000) * 2 ** failures++, 30 * 60_000);
      log(`demo: could not start: ${(err as Error).message}`);
    }
  }

  return {
    name: "demo",
    intervalMs: RUN_INTERVAL_MS,
    catchUp: true,
    leaseMs: 20_000,
    async run({ signal, now }) {
      if (watchdog) clearTimeout(watchdog);
      const end = now + RUN_INTERVAL_MS - RUN_MARGIN_MS;
      try {
        for (let at = now; !signal.aborted && at < end; at = Date.now()) {
          await check(at).catch((err) => log(`demo: ${(err as Error).message}`));
          await sleep(Math.min(checkMs, end - Date.now()), signal);
        }
      } finally {
        // Headroom is stopping: end the processes, keep the target for the next start.
        if (signal.aborted) await demo.stop({ keepTarget: true }).catch(() => {});
        else {
          watchdog = setTimeout(() => void demo.stop({ keepTarget: true }).catch(() => {}), 10_000);
          watchdog.unref();
        }
      }
    },
  };
}

