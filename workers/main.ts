// Entry point of `npm run workers`: the periodic jobs as their own process, for the scaled
// setup where web processes run with HEADROOM_WORKERS=off against a shared PostgreSQL.
import { ConfigError } from "@/lib/config";
import { getRuntime } from "@/lib/runtime";
import { startWorkers, stopOnSignals } from "./index";

try {
  const rt = await getRuntime();
  if (rt.database.kind === "pglite") {
    console.warn("workers: no DATABASE_URL; running on the embedded database (only while no web process uses it)");
  }
  stopOnSignals(await startWorkers(rt), rt, true);
} catch (err) {
  console.error(err instanceof ConfigError ? `invalid configuration:\n${err.message}` : err);
  process.exit(1);
}
