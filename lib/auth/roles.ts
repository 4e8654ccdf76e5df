/** The three roles, from least to most privileged. */
export const ROLES = ["viewer", "editor", "admin"] as const;
/** A user's role. */
export type Role = (typeof ROLES)[number];

/** Who is making a request: a signed-in user, or a user acting through an API token. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
  tokenId?: string;
}

/** True for a known role name. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `have` grants at least what `need` requires (admin > editor > viewer). */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Thrown when a request lacks a session/token (401) or the role for the action (403). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

/** True for an AuthError from any copy of this module (Next.js may bundle it more than once). */
export function isAuthError(err: unknown): err is AuthError {
  return err instanceof Error && err.name === "AuthError" && ((err as AuthError).status === 401 || (err as AuthError).status === 403);
}

/** Throws AuthError unless the principal exists and holds at least `need`. */
export function assertRole(p: Principal | null, need: Role): Principal {
  if (!p) throw new AuthError(401, "authentication required");
  if (!roleAllows(p.role, need)) throw new AuthError(403, `this needs the ${need} role; you are ${p.role}`);
  return p;
}
