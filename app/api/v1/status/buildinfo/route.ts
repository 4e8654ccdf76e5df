import { buildInfo } from "@/lib/build-info";
import { apiRoute } from "@/app/_server/route";

/** Prometheus's /api/v1/status/buildinfo shape, so API clients can identify the server. */
export const GET = apiRoute("/api/v1/status/buildinfo", "viewer", async () => {
  const info = buildInfo();
  return Response.json({
    status: "success",
    data: { version: info.version, revision: info.revision, branch: "", buildUser: "", buildDate: "", goVersion: info.nodeVersion },
  });
});
