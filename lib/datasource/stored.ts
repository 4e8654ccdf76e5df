import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { datasources } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { DEFAULT_DENY } from "@/lib/net";
import { redactSecret, type SecretBox } from "@/lib/secrets";
import { PrometheusDatasource } from "./prometheus";
import { DatasourceError } from "./types";

/** Input for a datasource added on the Settings page. */
export const datasourceInputSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, "use 1-64 letters, digits, _ . and -"),
    url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }),
    authType: z.enum(["none", "basic", "bearer"]).default("none"),
    username: z.string().max(200).optional(),
    secret: z.string().max(4096).optional(),
    timeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
  })
  .superRefine((d, ctx) => {
    if (d.authType === "basic" && !d.username) ctx.addIssue({ code: "custom", path: ["username"], message: "required for basic auth" });
    if (d.authType !== "none" && !d.secret) ctx.addIssue({ code: "custom", path: ["secret"], message: `required for ${d.authType} auth` });
  });
/** A validated datasource input. */
export type DatasourceInput = z.infer<typeof datasourceInputSchema>;

/** A stored datasource as pages and APIs show it: the credential only redacted. */
export interface StoredDatasourceView {
  id: string;
  name: string;
  url: string;
  authType: string;
  username: string | null;
  secret: string;
  timeoutMs: number;
}

/** Stored datasources, by name. */
export async function listStoredDatasources(db: Db): Promise<StoredDatasourceView[]> {
  const rows = await db.select().from(datasources).orderBy(asc(datasources.name));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    url: r.url,
    authType: r.authType,
    username: r.username,
    secret: r.secretSealed ? redactSecret("x") : "",
    timeoutMs: r.timeoutMs,
  }));
}

/** Adds a datasource; its credential is sealed, so HEADROOM_SECRET_KEY must be set when there is one. */
export async function createStoredDatasource(db: Db, box: SecretBox | null, taken: Set<string>, input: DatasourceInput, actor: Actor): Promise<string> {
  if (taken.has(input.name)) throw new DatasourceError("bad_data", `name: a datasource named "${input.name}" already exists`);
  if (input.secret && !box) throw new DatasourceError("bad_data", "secret: set HEADROOM_SECRET_KEY to store credentials");
  const id = randomUUID();
  await db.insert(datasources).values({
    id,
    name: input.name,
    url: input.url,
    authType: input.authType,
    username: input.username ?? null,
    secretSealed: input.secret && box ? box.seal(input.secret) : null,
    timeoutMs: input.timeoutMs,
  });
  await recordAudit(db, actor, "datasource.create", { type: "datasource", id }, { name: input.name, url: redactSecret(input.url), authType: input.authType });
  return id;
}

/** Removes a stored datasource; false when there was none. */
export async function deleteStoredDatasource(db: Db, id: string, actor: Actor): Promise<boolean> {
  const rows = await db.delete(datasources).where(eq(datasources.id, id)).returning({ name: datasources.name });
  if (rows.length === 0) return false;
  await recordAudit(db, actor, "datasource.delete", { type: "datasource", id }, { name: rows[0].name });
  return true;
}

/** Builds live datasources from the stored rows; a row whose secret cannot be opened is skipped with a reason. */
export async function loadStoredDatasources(db: Db, box: SecretBox | null): Promise<{ live: PrometheusDatasource[]; broken: Array<{ name: string; reason: string }> }> {
  const live: PrometheusDatasource[] = [];
  const broken: Array<{ name: string; reason: string }> = [];
  for (const r of await db.select().from(datasources)) {
    let secret: string | null = null;
    try {
      secret = r.secretSealed ? (box ? box.open(r.secretSealed) : null) : null;
      if (r.secretSealed && secret === null) throw new Error("HEADROOM_SECRET_KEY is not set");
    } catch (err) {
      broken.push({ name: r.name, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    live.push(
      new PrometheusDatasource({
        name: r.name,
        url: r.url,
        timeoutMs: r.timeoutMs,
        basicAuth: r.authType === "basic" && secret ? { username: r.username ?? "", password: secret } : null,
        bearerToken: r.authType === "bearer" ? secret : null,
        deny: DEFAULT_DENY,
      }),
    );
  }
  return { live, broken };
}
