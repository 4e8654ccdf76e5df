import { openDb, type DbHandle } from "@/db/client";
import { loadConfig, type HeadroomConfig } from "@/lib/config";
import { allDatasources, buildDatasources, type Datasource } from "@/lib/datasource";
import { SecretBox } from "@/lib/secrets";
import { createTsdb, type Tsdb } from "@/lib/tsdb";

/** What every server-side entry point needs: configuration, database, store and datasources. */
export interface Runtime {
  config: HeadroomConfig;
  database: DbHandle;
  tsdb: Tsdb;
  /** Datasources from headroom.yml (and the embedded one); see `datasources()` for all. */
  datasources: Map<string, Datasource>;
  /** Seals stored secrets; null when HEADROOM_SECRET_KEY is unset. */
  secrets: SecretBox | null;
}

/** Configured datasources plus those stored from the Settings page. */
export function datasourcesOf(rt: Runtime): Promise<Map<string, Datasource>> {
  return allDatasources(rt.datasources, rt.database.db, rt.secrets);
}

const KEY = Symbol.for("headroom.runtime");

/** Builds a runtime around an open database (tests use this with a fresh one). */
export function createRuntime(config: HeadroomConfig, database: DbHandle): Runtime {
  // PGlite's data directory is locked to this process, so it makes every append: the head
  // cache may follow them. A PostgreSQL server may have other writers, so it gets none.
  const span = config.storage.head_cache;
  const tsdb = createTsdb(database.db, {
    ...(database.kind === "pglite" && span > 0 ? { headCache: { spanMs: span } } : {}),
    groupCommitMs: config.storage.group_commit,
  });
  const secrets = config.secretKey ? new SecretBox(config.secretKey) : null;
  return { config, database, tsdb, datasources: buildDatasources(config, tsdb), secrets };
}

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
    const rt = createRuntime(config, database);
    // In the background: until it is warm, queries read the database as before.
    rt.tsdb.warmHeadCache().catch((err) => console.error("head cache warm-up failed:", err));
    return rt;
  })();
  // A failed start may be retried (say, PostgreSQL was still coming up).
  created.catch(() => {
    if (g[KEY] === created) g[KEY] = undefined;
  });
  g[KEY] = created;
  return created;
}
