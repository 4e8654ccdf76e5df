import { getRuntime } from "@/lib/runtime";
import { createAuthService, type AuthService } from "./service";

const KEY = Symbol.for("headroom.auth");

/** The process's auth service, created once (globalThis: Next.js bundles entries separately). */
export function getAuthService(): Promise<AuthService> {
  const g = globalThis as unknown as Record<symbol, Promise<AuthService> | undefined>;
  const existing = g[KEY];
  if (existing) return existing;
  const created = getRuntime().then(createAuthService);
  created.catch(() => {
    if (g[KEY] === created) g[KEY] = undefined;
  });
  g[KEY] = created;
  return created;
}
