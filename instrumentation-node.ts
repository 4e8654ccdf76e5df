import { ConfigError } from "./lib/config";
import { getRuntime } from "./lib/runtime";
import { startWorkers, stopOnSignals } from "./workers";

/**
 * Opens the runtime at server start, so a bad configuration stops the process before it serves
 * anything, and in the embedded default runs the workers here; HEADROOM_WORKERS=off leaves them
 * to `npm run workers`.
 */
export async function startServerSide(): Promise<void> {
  try {
    const rt = await getRuntime();
    console.log(`headroom: database ${rt.database.kind} (${rt.database.location})`);
    if (rt.config.workers.enabled) stopOnSignals(await startWorkers(rt), rt, true);
    else console.log("headroom: workers off (HEADROOM_WORKERS=off)");
  } catch (err) {
    console.error(err instanceof ConfigError ? `headroom: invalid configuration:\n${err.message}` : err);
    process.exit(1);
  }
}
