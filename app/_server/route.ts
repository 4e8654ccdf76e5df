import { ZodError } from "zod";
import { assertRole, getAuthService, isAuthError, isUserConflictError, type Principal, type Role } from "@/lib/auth";
import { instrumentRoute } from "@/lib/telemetry";
import type { AuthService } from "@/lib/auth";

type Handler<C> = (req: Request, ctx: C, who: { principal: Principal; svc: AuthService }) => Promise<Response>;

/** A JSON error body, in the shape Prometheus's API uses so one client handles both. */
export function errorResponse(status: number, errorType: string, error: string): Response {
  return Response.json({ status: "error", errorType, error }, { status });
}

/**
 * Wraps a route handler: metrics by route pattern, authentication and the role check, and the
 * mapping of known errors to HTTP (bad input 400 naming the field, conflicts 409).
 */
export function apiRoute<C>(pattern: string, need: Role, handler: Handler<C>) {
  return instrumentRoute<C>(pattern, async (req, ctx) => {
    try {
      const svc = await getAuthService();
      const principal = assertRole(await svc.identify(req.headers), need);
      return await handler(req, ctx, { principal, svc });
    } catch (err) {
      return mapError(err);
    }
  });
}

/** Maps a thrown error to a response; unknown errors become 500 without their details. */
export function mapError(err: unknown): Response {
  if (isAuthError(err)) return errorResponse(err.status, err.status === 401 ? "unauthorized" : "forbidden", err.message);
  if (err instanceof ZodError || (err instanceof Error && err.name === "ZodError")) {
    const issue = (err as ZodError).issues[0];
    const field = issue.path.join(".") || "body";
    return errorResponse(400, "bad_data", `${field}: ${issue.message}`);
  }
  if (err instanceof SyntaxError) return errorResponse(400, "bad_data", "body: invalid JSON");
  if (isUserConflictError(err)) return errorResponse(409, "conflict", err.message);
  console.error(err);
  return errorResponse(500, "internal", "internal error");
}
