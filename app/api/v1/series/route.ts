import { promApiRoute } from "@/app/_server/prom-api";

const handler = promApiRoute("/api/v1/series", async (p, ds) => ({
  data: await ds.series(p.all("match[]"), p.time("start"), p.time("end")),
}));

/** Series matching the selectors, as Prometheus's /api/v1/series. */
export const GET = handler;
export const POST = handler;
