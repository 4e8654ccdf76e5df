import { recordAudit } from "@/lib/audit";
import { addDbTarget, listTargets, parseNewTarget, scrapeSetup } from "@/lib/scrape";
import { apiRoute, errorResponse } from "@/app/_server/route";

export const dynamic = "force-dynamic";

/** Every target by job, with the health the scraping process last recorded. */
export const GET = apiRoute("/api/targets", "viewer", async (_req, _ctx, { svc }) => {
  const jobs = await listTargets(svc.rt.database.db, scrapeSetup(svc.rt.config, /*turbopackIgnore: true*/ process.cwd()), Date.now());
  return Response.json({ status: "success", data: jobs });
});

/** Adds a target to scrape: `{job, url, labels?, interval?}`; 400 names the bad field, 409 a duplicate. */
export const POST = apiRoute("/api/targets", "editor", async (req, _ctx, { svc, principal }) => {
  const parsed = parseNewTarget(await req.json());
  if (!parsed.ok) return errorResponse(400, "bad_data", parsed.error);
  const db = svc.rt.database.db;
  const created = await addDbTarget(db, parsed.value);
  if (!created) return errorResponse(409, "conflict", `url: job "${parsed.value.job}" already has the target ${parsed.value.url}`);
  await recordAudit(db, { id: principal.userId, label: principal.email }, "target.create", { type: "scrape-target", id: String(created.id) }, {
    job: created.job,
    url: created.url,
  });
  return Response.json({ status: "success", data: created }, { status: 201 });
});
