import { cancelRun, parseRunId } from "@/lib/bench";
import { apiRoute, errorResponse } from "@/app/_server/route";

type Ctx = { params: Promise<{ id: string }> };

/** Cancels a run (editor): a queued one at once, a running one within about a second; 409 once it ended. */
export const POST = apiRoute<Ctx>("/api/bench/[id]/cancel", "editor", async (_req, ctx, { svc, principal }) => {
  const id = parseRunId((await ctx.params).id);
  if (id === null) return errorResponse(400, "bad_data", "id: must be a positive integer");
  const outcome = await cancelRun(svc.rt.database.db, id, { id: principal.userId, label: principal.email }, new Date());
  if (outcome === "missing") return errorResponse(404, "not_found", `no benchmark run ${id}`);
  if (outcome === "finished") return errorResponse(409, "conflict", `run ${id} has already ended`);
  return Response.json({ status: "success", data: { id, outcome } });
});
