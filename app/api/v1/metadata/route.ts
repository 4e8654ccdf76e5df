import { promApiRoute } from "@/app/_server/prom-api";

/** Metric metadata (type, help, unit) as Prometheus's /api/v1/metadata, from the chosen datasource. */
export const GET = promApiRoute("/api/v1/metadata", async (p, ds) => {
  const all = await ds.metadata(p.optional("metric") ?? undefined);
  const limit = Number(p.optional("limit") ?? "-1");
  const names = Object.keys(all);
  return { data: limit >= 0 ? Object.fromEntries(names.slice(0, limit).map((n) => [n, all[n]])) : all };
});
