import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { assertRole, countUsers, getAuthService, isAuthError, type Principal, type Role } from "@/lib/auth";

/** The signed-in principal of the page being rendered, or null. */
export async function currentPrincipal(): Promise<Principal | null> {
  const svc = await getAuthService();
  return svc.identify(await headers());
}

/**
 * For pages: the principal when it holds `need`; otherwise to /setup (no user yet) or /login.
 * The proxy has already turned away anonymous requests; this also checks the role.
 */
export async function requirePage(need: Role, from: string): Promise<Principal> {
  const svc = await getAuthService();
  const p = await svc.identify(await headers());
  if (!p) {
    if ((await countUsers(svc.rt.database.db)) === 0) redirect("/setup");
    redirect(`/login?next=${encodeURIComponent(from)}`);
  }
  try {
    return assertRole(p, need);
  } catch (err) {
    if (isAuthError(err)) redirect("/?denied=" + encodeURIComponent(need));
    throw err;
  }
}
