import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import pg from "pg";
import * as schema from "./schema";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";

/** The drizzle database type shared by the PGlite and node-postgres drivers. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database with its kind and a way to close it. */
export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where it lives, for display: a directory, "memory", or the server URL without password. */
  location: string;
  close(): Promise<void>;
}

/** How to open a database: `url` picks PostgreSQL, otherwise PGlite in `dataDir` (or in memory). */
export interface OpenDbOptions {
  url?: string | null;
  /** PGlite data directory; omit for an in-memory database. */
  dataDir?: string | null;
  /** PostgreSQL only: a schema to use as search_path (tests use a fresh one each). */
  schema?: string;
  /** Apply migrations after opening (default true). */
  migrate?: boolean;
  migrationsDir?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

const MIGRATION_LOCK_KEY = 7_270_414_001; // arbitrary, fixed: serialises migrations across processes

/** Finds db/migrations from this file's folder or, inside a bundle, from the working directory. */
export function defaultMigrationsDir(): string {
  const candidates = [
    typeof import.meta.dirname === "string" ? path.join(import.meta.dirname, "migrations") : null,
    path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations"),
  ];
  for (const c of candidates) if (c && fs.existsSync(path.join(c, "meta", "_journal.json"))) return c;
  throw new Error(`cannot find db/migrations (looked in ${candidates.filter(Boolean).join(", ")})`);
}

/** Opens PGlite or PostgreSQL and, unless told otherwise, applies the migrations. */
export async function openDb(opts: OpenDbOptions = {}): Promise<DbHandle> {
  const migrationsFolder = opts.migrationsDir ?? defaultMigrationsDir();
  const doMigrate = opts.migrate ?? true;
  if (opts.url) return openPostgres(opts.url, opts, migrationsFolder, doMigrate);
  return openPglite(opts.dataDir ?? null, migrationsFolder, doMigrate);
}

async function openPglite(dataDir: string | null, migrationsFolder: string, doMigrate: boolean): Promise<DbHandle> {
  let lock: DataDirLock | null = null;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }
  try {
    const client = dataDir ? await PGlite.create(path.join(dataDir, "pglite")) : await PGlite.create();
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    if (doMigrate) await migratePglite(drizzlePglite({ client }), { migrationsFolder });
    return {
      db,
      kind: "pglite",
      location: dataDir ?? "memory",
      async close() {
        await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

async function openPostgres(url: string, opts: OpenDbOptions, migrationsFolder: string, doMigrate: boolean): Promise<DbHandle> {
  const schemaName = opts.schema;
  if (schemaName && !/^[a-z_][a-z0-9_]*$/.test(schemaName)) throw new Error(`invalid schema name "${schemaName}"`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    options: schemaName ? `-c search_path=${schemaName}` : undefined,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  try {
    if (schemaName) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schemaName}`);
    if (doMigrate) {
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        try {
          await migratePg(drizzlePg({ client }), { migrationsFolder, migrationsSchema: schemaName ?? "drizzle" });
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  return {
    db: drizzlePg({ client: pool, schema }) as unknown as Db,
    kind: "postgres",
    location: redactUrl(url),
    close: () => pool.end(),
  };
}

/** The URL with its password replaced, for logs and the Settings page. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
