import { parseRunId, readRun } from "@/lib/bench";
import { apiRoute, errorResponse } from "@/app/_server/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** One run: state, live progress while it runs, its request (never the API key), levels and capacity. */
export const GET = apiRoute<Ctx>("/api/bench/[id]", "viewer", async (_req, ctx, { svc }) => {
  const id = parseRunId((await ctx.params).id);
  if (id === null) return errorResponse(400, "bad_data", "id: must be a positive integer");
  const run = await readRun(svc.rt.database.db, id, new Date());
  if (!run) return errorResponse(404, "not_found", `no benchmark run ${id}`);
  return Response.json({ status: "success", data: run });
});
