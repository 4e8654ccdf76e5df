import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDb, type DbHandle } from "./client";

/** A kind of database the integration tests run on. */
export interface TestDatabase {
  kind: "pglite" | "postgres";
  /** Opens a fresh, migrated database: in-memory PGlite, or a new schema on the server. */
  open(): Promise<DbHandle>;
}

/** The server URL for integration tests, if any. */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * PGlite always; PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set. Without a server
 * outside CI the PostgreSQL runs are skipped loudly; with CI=true that is an error.
 */
export function testDatabases(): TestDatabase[] {
  const url = testDatabaseUrl();
  const kinds: TestDatabase[] = [{ kind: "pglite", open: () => openDb({}) }];
  if (url) {
    kinds.push({ kind: "postgres", open: () => openFreshSchema(url) });
  } else if (process.env.CI === "true") {
    throw new Error("CI=true but neither TEST_DATABASE_URL nor DATABASE_URL is set: PostgreSQL tests cannot be skipped in CI");
  } else {
    console.warn("\n*** SKIPPING the PostgreSQL variant of integration tests: set TEST_DATABASE_URL to run it ***\n");
  }
  return kinds;
}

async function openFreshSchema(url: string): Promise<DbHandle> {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const drop = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  let handle: DbHandle;
  try {
    handle = await openDb({ url, schema, poolSize: 4 });
  } catch (err) {
    await drop(); // openDb created the schema before it failed
    throw err;
  }
  return {
    ...handle,
    async close() {
      await handle.close();
      await drop();
    },
  };
}
