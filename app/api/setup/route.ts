import { countUsers, createUser, getAuthService, newUserSchema } from "@/lib/auth";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { instrumentRoute } from "@/lib/telemetry";
import { errorResponse, mapError } from "@/app/_server/route";

const setupSchema = newUserSchema.omit({ role: true });

/** First start only: creates the first admin while no user exists, then signs them in. */
export const POST = instrumentRoute("/api/setup", async (req) => {
  try {
    const svc = await getAuthService();
    const db = svc.rt.database.db;
    if ((await countUsers(db)) > 0) return errorResponse(403, "forbidden", "setup is done: sign in instead");
    const input = setupSchema.parse(await req.json());
    await createUser(svc.auth, db, { ...input, role: "admin" }, SYSTEM_ACTOR);
    const res = await svc.auth.api.signInEmail({
      body: { email: input.email.toLowerCase(), password: input.password },
      headers: req.headers,
      asResponse: true,
    });
    const out = Response.json({ status: "success" });
    for (const c of res.headers.getSetCookie()) out.headers.append("set-cookie", c);
    return out;
  } catch (err) {
    return mapError(err);
  }
});
