/** Paths anyone may reach: sign-in, first-run setup, health and (by default) /metrics. */
export function isPublicPath(pathname: string, opts: { publicMetrics: boolean }): boolean {
  if (pathname === "/login" || pathname === "/setup" || pathname === "/health") return true;
  if (pathname === "/api/session/login" || pathname === "/api/setup") return true;
  if (pathname === "/metrics") return opts.publicMetrics;
  return pathname.startsWith("/_next/static/") || pathname.startsWith("/_next/image") || pathname === "/icon.svg";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF check for cookie-authenticated, state-changing requests: the browser must say the
 * request comes from this origin (Origin, else Sec-Fetch-Site). Token requests carry no
 * ambient credential and are exempt.
 */
export function csrfAllows(method: string, headers: Headers, via: "session" | "token"): boolean {
  if (SAFE_METHODS.has(method.toUpperCase()) || via === "token") return true;
  const origin = headers.get("origin");
  // The host the browser addressed (a reverse proxy passes it on as X-Forwarded-Host).
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (origin) {
    try {
      return host !== null && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  return false;
}

/**
 * The API token of a request: `Authorization: Bearer <token>`, or Basic auth whose password is
 * a token (for clients such as promtool that only speak Basic auth; the user name is ignored).
 */
export function bearerToken(headers: Headers): string | null {
  const h = headers.get("authorization")?.trim();
  if (!h) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(h);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(h);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const password = decoded.slice(decoded.indexOf(":") + 1);
  return decoded.includes(":") && password.startsWith("hr_") ? password : null;
}
