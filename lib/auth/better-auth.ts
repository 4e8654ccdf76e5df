import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Db } from "@/db/client";
import { account, session, user, verification } from "@/db/schema";

/** Options for the session library. */
export interface AuthOptions {
  /** Signs session cookies; at least 32 characters. */
  secret: string;
  /** The public URL when known (https gives Secure cookies). */
  baseURL?: string | null;
}

/**
 * better-auth, chosen because it keeps sessions server-side in our own PostgreSQL through its
 * drizzle adapter (revocable, shared by every process), hashes passwords with scrypt, and is
 * actively maintained. Sign-up is closed: users are created by an admin or at first start.
 */
export function createAuth(db: Db, opts: AuthOptions) {
  const secure = opts.baseURL?.startsWith("https://") ?? false;
  return betterAuth({
    secret: opts.secret,
    baseURL: opts.baseURL ?? undefined,
    basePath: "/api/auth",
    database: drizzleAdapter(db, { provider: "pg", schema: { user, session, account, verification } }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    user: { additionalFields: { role: { type: "string", required: false, defaultValue: "viewer", input: false } } },
    session: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
    // Headroom throttles sign-in itself (lib/auth/login-throttle.ts), keyed by account, not IP.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: "headroom",
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure, path: "/" },
    },
  });
}

/** The configured better-auth instance type. */
export type Auth = ReturnType<typeof createAuth>;
