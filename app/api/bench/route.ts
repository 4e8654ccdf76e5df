import { listRuns, startBenchRun } from "@/lib/bench";
import { apiRoute, errorResponse } from "@/app/_server/route";

export const dynamic = "force-dynamic";

/** Recent benchmark runs, newest first, with their state and capacity (any signed-in user). */
export const GET = apiRoute("/api/bench", "viewer", async (_req, _ctx, { svc }) => {
  return Response.json({ status: "success", data: await listRuns(svc.rt.database.db, new Date()) });
});

/** Queues a benchmark (editor): `headroom bench`'s flags as camelCase fields; 400 names the bad field. */
export const POST = apiRoute("/api/bench", "editor", async (req, _ctx, { svc, principal }) => {
  const body = await req.json();
  try {
    const id = await startBenchRun(body, {
      db: svc.rt.database.db,
      secrets: svc.rt.secrets,
      dataDir: svc.rt.config.database.dataDir,
      actor: { id: principal.userId, label: principal.email },
      now: new Date(),
    });
    return Response.json({ status: "success", data: { id } }, { status: 201 });
  } catch (err) {
    // By name: Next.js may bundle lib/bench more than once, so instanceof is not reliable.
    if (err instanceof Error && err.name === "BenchInputError") return errorResponse(400, "bad_data", err.message);
    throw err;
  }
});
