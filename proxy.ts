import { NextResponse, type NextRequest } from "next/server";
import { csrfAllows, getAuthService, isPublicPath } from "@/lib/auth";

/**
 * Every request passes here first. Anonymous requests get 401 (API) or the sign-in page; a
 * cookie-authenticated state change from another origin gets 403 (CSRF). Pages and routes
 * still check roles themselves.
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const svc = await getAuthService();
  if (isPublicPath(pathname, { publicMetrics: svc.rt.config.auth.publicMetrics })) return NextResponse.next();
  const principal = await svc.identify(req.headers);
  const isApi = pathname.startsWith("/api/");
  if (!principal) {
    if (isApi || pathname === "/metrics") {
      return NextResponse.json(
        { status: "error", errorType: "unauthorized", error: "authentication required: sign in, or send Authorization: Bearer <token>" },
        { status: 401, headers: { "www-authenticate": 'Bearer realm="headroom"' } },
      );
    }
    const login = new URL("/login", req.url);
    login.searchParams.set("next", pathname + search);
    return NextResponse.redirect(login);
  }
  if (!csrfAllows(req.method, req.headers, principal.via)) {
    return NextResponse.json(
      { status: "error", errorType: "forbidden", error: "cross-site request refused (Origin does not match)" },
      { status: 403 },
    );
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|icon.svg).*)"],
};
