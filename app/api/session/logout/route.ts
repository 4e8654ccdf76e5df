import { getAuthService } from "@/lib/auth";
import { instrumentRoute } from "@/lib/telemetry";
import { mapError } from "@/app/_server/route";

/** Ends the session: the row is deleted server-side and the cookie cleared. */
export const POST = instrumentRoute("/api/session/logout", async (req) => {
  try {
    const svc = await getAuthService();
    const res = await svc.auth.api.signOut({ headers: req.headers, asResponse: true });
    svc.forgetIdentities();
    const out = Response.json({ status: "success" });
    for (const c of res.headers.getSetCookie()) out.headers.append("set-cookie", c);
    return out;
  } catch (err) {
    return mapError(err);
  }
});
