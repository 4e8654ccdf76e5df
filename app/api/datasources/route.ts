import { createStoredDatasource, datasourceInputSchema, isDatasourceError, listStoredDatasources } from "@/lib/datasource";
import { datasourcesOf } from "@/lib/runtime";
import { apiRoute, errorResponse } from "@/app/_server/route";

/** Datasources added on the Settings page, credentials redacted (any signed-in user). */
export const GET = apiRoute("/api/datasources", "viewer", async (_req, _ctx, { svc }) => {
  return Response.json({ status: "success", data: await listStoredDatasources(svc.rt.database.db) });
});

/** Adds a Prometheus-compatible datasource (admin). */
export const POST = apiRoute("/api/datasources", "admin", async (req, _ctx, { svc, principal }) => {
  const input = datasourceInputSchema.parse(await req.json());
  const taken = new Set((await datasourcesOf(svc.rt)).keys());
  try {
    const id = await createStoredDatasource(svc.rt.database.db, svc.rt.secrets, taken, input, { id: principal.userId, label: principal.email });
    return Response.json({ status: "success", data: { id } }, { status: 201 });
  } catch (err) {
    if (isDatasourceError(err)) return errorResponse(400, "bad_data", err.message);
    throw err;
  }
});
