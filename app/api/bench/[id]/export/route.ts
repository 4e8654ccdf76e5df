import { EXPORTABLE_STATES, exportDocument, levelsCsv, parseRunId, readRun } from "@/lib/bench";
import { apiRoute, errorResponse } from "@/app/_server/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/**
 * A finished run as a file: `?format=json` (default) is the document `headroom bench --json`
 * writes, `?format=csv` one row per level with its metrics.
 */
export const GET = apiRoute<Ctx>("/api/bench/[id]/export", "viewer", async (req, ctx, { svc }) => {
  const id = parseRunId((await ctx.params).id);
  if (id === null) return errorResponse(400, "bad_data", "id: must be a positive integer");
  const format = new URL(req.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "csv") return errorResponse(400, "bad_data", `format: expected json or csv, got "${format.slice(0, 40)}"`);
  const run = await readRun(svc.rt.database.db, id, new Date());
  if (!run) return errorResponse(404, "not_found", `no benchmark run ${id}`);
  if (!EXPORTABLE_STATES.has(run.state)) return errorResponse(409, "conflict", `run ${id} is ${run.state}; export it once it has ended`);
  const name = `headroom-bench-${id}.${format}`;
  const headers = { "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" };
  if (format === "csv") return new Response(levelsCsv(id, run.levelResults), { headers: { ...headers, "content-type": "text/csv; charset=utf-8" } });
  return new Response(JSON.stringify(exportDocument(run), null, 2) + "\n", { headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
});
