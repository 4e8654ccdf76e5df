import { recordAudit } from "@/lib/audit";
import { demoSettingSchema, demoStatus, writeDemoSetting } from "@/lib/demo";
import { apiRoute } from "@/app/_server/route";

export const dynamic = "force-dynamic";

/** Whether demo traffic runs, and why (any signed-in user). */
export const GET = apiRoute("/api/settings/demo", "viewer", async (_req, _ctx, { svc }) => {
  return Response.json({ status: "success", data: await demoStatus(svc.rt.database.db, svc.rt.config) });
});

/** Switches demo traffic on or off: `{enabled}` (admin); the demo job follows within seconds. */
export const PUT = apiRoute("/api/settings/demo", "admin", async (req, _ctx, { svc, principal }) => {
  const { enabled } = demoSettingSchema.parse(await req.json());
  const db = svc.rt.database.db;
  await writeDemoSetting(db, enabled);
  await recordAudit(db, { id: principal.userId, label: principal.email }, "settings.demo", { type: "setting", id: "demo.enabled" }, { enabled });
  return Response.json({ status: "success", data: await demoStatus(db, svc.rt.config) });
});
