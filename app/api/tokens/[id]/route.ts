import { revokeApiToken } from "@/lib/auth";
import { recordAudit } from "@/lib/audit";
import { apiRoute, errorResponse } from "@/app/_server/route";

type Ctx = { params: Promise<{ id: string }> };

/** Revokes one of the caller's tokens. */
export const DELETE = apiRoute<Ctx>("/api/tokens/[id]", "viewer", async (_req, ctx, { svc, principal }) => {
  const { id } = await ctx.params;
  const db = svc.rt.database.db;
  if (!(await revokeApiToken(db, principal.userId, id))) return errorResponse(404, "not_found", `no live token ${id}`);
  svc.forgetIdentities();
  await recordAudit(db, { id: principal.userId, label: principal.email }, "token.revoke", { type: "api-token", id });
  return Response.json({ status: "success" });
});
