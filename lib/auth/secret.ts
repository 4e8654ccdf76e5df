import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings } from "@/db/schema";

const KEY = "session-secret";

/**
 * The secret that signs session cookies: HEADROOM_SECRET when set, otherwise one generated on
 * first start and kept in the database, so sessions survive restarts and every process agrees.
 */
export async function sessionSecret(db: Db, fromEnv: string | null): Promise<string> {
  if (fromEnv) return fromEnv;
  const fresh = randomBytes(32).toString("base64url");
  await db.insert(appSettings).values({ key: KEY, value: fresh }).onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, KEY));
  return row.value;
}
