import { promApiRoute } from "@/app/_server/prom-api";

const handler = promApiRoute("/api/v1/query", async (p, ds) =>
  ds.instantQuery(p.required("query"), p.time("time", Date.now()), { timeoutMs: p.duration("timeout") }),
);

/** Instant query, as Prometheus's GET/POST /api/v1/query. */
export const GET = handler;
export const POST = handler;
