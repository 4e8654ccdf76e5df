import { openDb, type DbHandle } from "@/db/client";
import { loadConfig, type HeadroomConfig } from "@/lib/config";

/** What every server-side entry point needs: the configuration and the open database. */
export interface Runtime {
  config: HeadroomConfig;
  database: DbHandle;
}

const KEY = Symbol.for("headroom.runtime");

/**
 * The process's runtime, created once: config parsed from the environment and the YAML file,
 * database opened and migrated. Kept on globalThis because Next.js bundles route handlers and
 * instrumentation separately, and PGlite must be opened only once per process.
 */
export function getRuntime(): Promise<Runtime> {
  const g = globalThis as unknown as Record<symbol, Promise<Runtime> | undefined>;
  const existing = g[KEY];
  if (existing) return existing;
  const created = (async () => {
    const config = loadConfig(process.env);
    const database = await openDb({ url: config.database.url, dataDir: config.database.dataDir });
    return { config, database };
  })();
  // A failed start may be retried (say, PostgreSQL was still coming up).
  created.catch(() => {
    if (g[KEY] === created) g[KEY] = undefined;
  });
  g[KEY] = created;
  return created;
}
