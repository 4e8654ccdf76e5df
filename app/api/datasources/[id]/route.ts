import { deleteStoredDatasource } from "@/lib/datasource";
import { apiRoute, errorResponse } from "@/app/_server/route";

type Ctx = { params: Promise<{ id: string }> };

/** Removes a datasource added on the Settings page (admin). */
export const DELETE = apiRoute<Ctx>("/api/datasources/[id]", "admin", async (_req, ctx, { svc, principal }) => {
  const { id } = await ctx.params;
  if (!(await deleteStoredDatasource(svc.rt.database.db, id, { id: principal.userId, label: principal.email }))) {
    return errorResponse(404, "not_found", `no stored datasource ${id}`);
  }
  return Response.json({ status: "success" });
});
