import { promApiRoute } from "@/app/_server/prom-api";

const handler = promApiRoute("/api/v1/labels", async (p, ds) => ({
  data: await ds.labelNames(p.all("match[]"), p.time("start"), p.time("end")),
}));

/** Label names, as Prometheus's /api/v1/labels. */
export const GET = handler;
export const POST = handler;
