import { sql } from "drizzle-orm";
import { getRuntime } from "@/lib/runtime";
import { instrumentRoute } from "@/lib/telemetry";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and orchestrators. */
export const GET = instrumentRoute("/health", async () => {
  try {
    const rt = await getRuntime();
    await rt.database.db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: rt.database.kind });
  } catch (err) {
    return Response.json({ status: "error", error: err instanceof Error ? err.message : String(err) }, { status: 503 });
  }
});
