import { recordAudit } from "@/lib/audit";
import { removeDbTarget } from "@/lib/scrape";
import { apiRoute, errorResponse } from "@/app/_server/route";

type Ctx = { params: Promise<{ id: string }> };

/** Removes a target added on the Targets page; the scraper marks its series stale. */
export const DELETE = apiRoute<Ctx>("/api/targets/[id]", "editor", async (_req, ctx, { svc, principal }) => {
  const { id } = await ctx.params;
  if (!/^[1-9]\d{0,8}$/.test(id)) return errorResponse(400, "bad_data", "id: must be a positive integer");
  const db = svc.rt.database.db;
  if (!(await removeDbTarget(db, Number(id)))) return errorResponse(404, "not_found", `no target ${id} added on the Targets page`);
  await recordAudit(db, { id: principal.userId, label: principal.email }, "target.delete", { type: "scrape-target", id });
  return Response.json({ status: "success" });
});
