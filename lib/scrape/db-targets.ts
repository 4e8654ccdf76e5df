import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { scrapeTargets, scrapeTargetStatus } from "@/db/schema";
import { parseDuration } from "@/lib/config";
import type { DbTargetRow } from "./targets";

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `a=b, c=d` (the form's text field) or an object, to a label set. */
const labelsInput = z
  .union([z.record(z.string(), z.string()), z.string()])
  .default({})
  .transform((v, ctx) => {
    if (typeof v !== "string") return v;
    const out: Record<string, string> = {};
    for (const part of v.split(",").map((p) => p.trim()).filter(Boolean)) {
      const eq = part.indexOf("=");
      if (eq <= 0) {
        ctx.addIssue({ code: "custom", message: `expected name=value, got "${part}"` });
        return z.NEVER;
      }
      out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    }
    return out;
  })
  .superRefine((labels, ctx) => {
    for (const [name, value] of Object.entries(labels)) {
      if (!LABEL_NAME.test(name)) ctx.addIssue({ code: "custom", message: `invalid label name "${name}"` });
      else if (name.startsWith("__") || name === "job" || name === "instance") {
        ctx.addIssue({ code: "custom", message: `label "${name}" is set by Headroom` });
      } else if (value.length > 1024) ctx.addIssue({ code: "custom", message: `value of "${name}" is longer than 1024 characters` });
    }
  });

const required = (iss: { input: unknown }) => (iss.input === undefined ? "is required" : "must be a string");

/** What the Targets page posts to add a target; `interval` is a Prometheus duration. */
export const newTargetSchema = z.strictObject({
  job: z
    .string({ error: required })
    .trim()
    .min(1, "is required")
    .max(200, "is longer than 200 characters")
    .refine((j) => !/[\u0000-\u001f\u007f]/.test(j), "must not contain control characters"),
  url: z
    .string({ error: required })
    .trim()
    .min(1, "is required")
    .max(2048, "is longer than 2048 characters")
    .transform((text, ctx) => {
      let u: URL;
      try {
        u = new URL(text);
      } catch {
        ctx.addIssue({ code: "custom", message: "is not a URL (e.g. http://10.0.0.5:8000/metrics)" });
        return z.NEVER;
      }
      if (u.protocol !== "http:" && u.protocol !== "https:") ctx.addIssue({ code: "custom", message: "must be an http:// or https:// URL" });
      else if (u.username || u.password) ctx.addIssue({ code: "custom", message: "must not contain credentials; use a scrape config with basic_auth" });
      else if (u.hash) ctx.addIssue({ code: "custom", message: "must not contain a #fragment" });
      // A bare http://host:port means its metrics endpoint, as a Prometheus target would.
      if (u.pathname === "/" && !/^[a-z]+:\/\/[^/?#]*\/(?:[?#]|$)/i.test(text)) u.pathname = "/metrics";
      return u.toString();
    }),
  labels: labelsInput,
  interval: z
    .string()
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return null;
      const ms = parseDuration(text);
      if (ms === null) ctx.addIssue({ code: "custom", message: `invalid duration "${text}" (e.g. 15s, 1m)` });
      else if (ms < 1000 || ms > 3600_000) ctx.addIssue({ code: "custom", message: "must be between 1s and 1h" });
      return ms;
    }),
});

/** A validated new target. */
export type NewTarget = z.output<typeof newTargetSchema>;

/** Validates a request body; a failure names its field, as the API returns it. */
export function parseNewTarget(body: unknown): { ok: true; value: NewTarget } | { ok: false; field: string; error: string } {
  const r = newTargetSchema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  if (issue.code === "unrecognized_keys") return { ok: false, field: issue.keys[0], error: `${issue.keys[0]}: unknown field` };
  const field = issue.path.length ? String(issue.path[0]) : "body";
  return { ok: false, field, error: `${field}: ${issue.message}` };
}

/** A target added on the Targets page. */
export interface StoredTarget extends DbTargetRow {
  createdAt: Date;
}

/** Adds a target; null when the job already has a target with that URL. */
export async function addDbTarget(db: Db, t: NewTarget): Promise<StoredTarget | null> {
  const rows = await db
    .insert(scrapeTargets)
    .values({ job: t.job, url: t.url, labels: t.labels, intervalMs: t.interval })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

/** Removes a target and its status; false when there was none with that id. */
export async function removeDbTarget(db: Db, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.delete(scrapeTargets).where(eq(scrapeTargets.id, id)).returning({ id: scrapeTargets.id });
    await tx.delete(scrapeTargetStatus).where(eq(scrapeTargetStatus.targetId, id));
    return rows.length > 0;
  });
}

/** Every target added on the Targets page, oldest first. */
export async function listDbTargets(db: Db): Promise<StoredTarget[]> {
  return db.select().from(scrapeTargets).orderBy(asc(scrapeTargets.id));
}
