import type { Runtime } from "@/lib/runtime";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { createAuth, type Auth } from "./better-auth";
import { LoginThrottle } from "./login-throttle";
import { IdentityCache } from "./identity-cache";
import { bearerToken } from "./request-guards";
import { isRole, type Principal } from "./roles";
import { sessionSecret } from "./secret";
import { principalFromToken } from "./tokens";
import { countUsers, createUser, isUserConflictError } from "./users";

/** Everything the edge needs to authenticate requests. */
export interface AuthService {
  auth: Auth;
  throttle: LoginThrottle;
  rt: Runtime;
  /** Who sent these headers: an API token (Authorization: Bearer) or a session cookie. */
  identify(headers: Headers): Promise<Principal | null>;
  /** Drops remembered identities: call after signing out, revoking a token or changing a user. */
  forgetIdentities(): void;
}

/** Builds the service: session secret, better-auth, and the first admin from the environment. */
export async function createAuthService(rt: Runtime): Promise<AuthService> {
  const db = rt.database.db;
  const auth = createAuth(db, { secret: await sessionSecret(db, rt.config.auth.secret), baseURL: rt.config.auth.baseURL });
  await bootstrapAdmin(rt, auth);
  const identities = new IdentityCache();
  return {
    auth,
    rt,
    throttle: new LoginThrottle(),
    async identify(headers) {
      const token = bearerToken(headers);
      if (token) return identities.get(`t:${token}`, () => principalFromToken(db, token));
      const cookie = headers.get("cookie");
      if (!cookie) return null;
      return identities.get(`c:${cookie}`, async () => {
        const s = await auth.api.getSession({ headers });
        if (!s || !isRole((s.user as { role?: unknown }).role)) return null;
        return { userId: s.user.id, email: s.user.email, name: s.user.name, role: (s.user as { role: Principal["role"] }).role, via: "session" };
      });
    },
    forgetIdentities: () => identities.clear(),
  };
}

/** With HEADROOM_ADMIN_PASSWORD set and no user yet, creates the first admin. */
async function bootstrapAdmin(rt: Runtime, auth: Auth): Promise<void> {
  const { adminEmail, adminPassword } = rt.config.auth;
  if (!adminPassword || (await countUsers(rt.database.db)) > 0) return;
  try {
    await createUser(auth, rt.database.db, { email: adminEmail, name: "Admin", password: adminPassword, role: "admin" }, SYSTEM_ACTOR);
    console.log(`headroom: created the first admin, ${adminEmail}, from HEADROOM_ADMIN_PASSWORD`);
  } catch (err) {
    if (!isUserConflictError(err)) throw err; // another process was first
  }
}
