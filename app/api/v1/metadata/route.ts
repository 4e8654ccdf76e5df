import { promApiRoute } from "@/app/_server/prom-api";

/**
 * Metric metadata (type, help, unit) as Prometheus's /api/v1/metadata, from what scrapes
 * reported to the embedded store.
 */
export const GET = promApiRoute("/api/v1/metadata", async (p, _ds, _ctx, rt) => {
  const metric = p.optional("metric") ?? undefined;
  const limit = Number(p.optional("limit") ?? "-1");
  const out: Record<string, Array<{ type: string; help: string; unit: string }>> = {};
  for (const m of await rt.tsdb.metadata(metric)) {
    if (limit >= 0 && Object.keys(out).length >= limit && !out[m.metric]) break;
    (out[m.metric] ??= []).push({ type: m.type, help: m.help, unit: m.unit ?? "" });
  }
  return { data: out };
});
