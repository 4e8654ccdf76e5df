import { z } from "zod";
import { createApiToken, listApiTokens } from "@/lib/auth";
import { recordAudit } from "@/lib/audit";
import { apiRoute } from "@/app/_server/route";

const createSchema = z.object({ name: z.string().trim().min(1, "a name is required").max(100) });

/** Lists the caller's API tokens (never the tokens themselves). */
export const GET = apiRoute("/api/tokens", "viewer", async (_req, _ctx, { svc, principal }) => {
  return Response.json({ status: "success", data: await listApiTokens(svc.rt.database.db, principal.userId) });
});

/** Creates an API token with the caller's role; the token is in this response only. */
export const POST = apiRoute("/api/tokens", "viewer", async (req, _ctx, { svc, principal }) => {
  const { name } = createSchema.parse(await req.json());
  const db = svc.rt.database.db;
  const created = await createApiToken(db, principal.userId, name);
  await recordAudit(db, { id: principal.userId, label: principal.email }, "token.create", { type: "api-token", id: created.id }, { name });
  return Response.json({ status: "success", data: created }, { status: 201 });
});
