import { z } from "zod";
import { getAuthService } from "@/lib/auth";
import { instrumentRoute } from "@/lib/telemetry";
import { errorResponse, mapError } from "@/app/_server/route";

const body = z.object({ email: z.string().min(1, "required"), password: z.string().min(1, "required") });

/** Signs in with email and password; throttled per account after repeated failures. */
export const POST = instrumentRoute("/api/session/login", async (req) => {
  try {
    const input = body.parse(await req.json());
    const svc = await getAuthService();
    const key = input.email.trim().toLowerCase();
    const now = Date.now();
    const wait = svc.throttle.retryAfterMs(key, now);
    if (wait > 0) {
      const res = errorResponse(429, "too_many_requests", "too many failed sign-ins; try again later");
      res.headers.set("retry-after", String(Math.ceil(wait / 1000)));
      return res;
    }
    const res = await svc.auth.api.signInEmail({
      body: { email: key, password: input.password },
      headers: req.headers,
      asResponse: true,
    });
    if (!res.ok) {
      svc.throttle.fail(key, now);
      return errorResponse(401, "unauthorized", "wrong email or password");
    }
    svc.throttle.succeed(key);
    const out = Response.json({ status: "success" });
    for (const c of res.headers.getSetCookie()) out.headers.append("set-cookie", c);
    return out;
  } catch (err) {
    return mapError(err);
  }
});
