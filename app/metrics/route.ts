import { instrumentRoute, telemetry } from "@/lib/telemetry";

export const dynamic = "force-dynamic";

/** Headroom's own metrics in the Prometheus text format. */
export const GET = instrumentRoute("/metrics", async () => {
  const { registry } = telemetry();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});
