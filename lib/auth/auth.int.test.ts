import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { listAudit, SYSTEM_ACTOR } from "@/lib/audit";
import { loadConfig } from "@/lib/config";
import { createRuntime } from "@/lib/runtime";
import {
  countUsers,
  createApiToken,
  createAuthService,
  createUser,
  deleteUser,
  principalFromToken,
  revokeApiToken,
  setUserRole,
  UserConflictError,
  type AuthService,
} from "./index";

describe.each(testDatabases())("auth on $kind", ({ open }) => {
  let h: DbHandle;
  let svc: AuthService;
  beforeEach(async () => {
    h = await open();
    const config = loadConfig({ HEADROOM_ADMIN_PASSWORD: "first-admin-password", HEADROOM_ADMIN_EMAIL: "root@example.com" });
    svc = await createAuthService(createRuntime(config, h));
  });
  afterEach(async () => {
    await h.close();
  });

  async function signIn(email: string, password: string): Promise<Headers> {
    const res = await svc.auth.api.signInEmail({ body: { email, password }, headers: new Headers(), asResponse: true });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return new Headers({ cookie });
  }

  it("creates the first admin from the environment once, and signs them in", async () => {
    expect(await countUsers(h.db)).toBe(1);
    await createAuthService(createRuntime(svc.rt.config, h)); // a second start changes nothing
    expect(await countUsers(h.db)).toBe(1);
    const who = await svc.identify(await signIn("root@example.com", "first-admin-password"));
    expect(who).toMatchObject({ email: "root@example.com", role: "admin", via: "session" });
    const bad = await svc.auth.api.signInEmail({
      body: { email: "root@example.com", password: "wrong-password!" },
      headers: new Headers(),
      asResponse: true,
    });
    expect(bad.status).toBe(401);
  });

  it("stores passwords hashed, refuses duplicate emails, and audits changes", async () => {
    const u = await createUser(svc.auth, h.db, { email: "Ed@Example.com", name: "Ed", password: "editor-password-1", role: "editor" }, SYSTEM_ACTOR);
    expect(u.email).toBe("ed@example.com");
    await expect(
      createUser(svc.auth, h.db, { email: "ed@example.com", name: "Ed2", password: "editor-password-2", role: "viewer" }, SYSTEM_ACTOR),
    ).rejects.toThrow(UserConflictError);
    const ctx = await svc.auth.$context;
    const account = await ctx.internalAdapter.findAccountByUserId(u.id);
    expect(account[0].password).not.toContain("editor-password-1");
    expect(await svc.identify(await signIn("ed@example.com", "editor-password-1"))).toMatchObject({ role: "editor" });
    const actions = (await listAudit(h.db)).map((e) => e.action);
    expect(actions).toEqual(["user.create", "user.create"]);
    expect(JSON.stringify(await listAudit(h.db))).not.toContain("password");
  });

  it("keeps at least one admin", async () => {
    const [admin] = await h.db.query.user.findMany();
    await expect(setUserRole(h.db, admin.id, "viewer", SYSTEM_ACTOR)).rejects.toThrow(/at least one admin/);
    await expect(deleteUser(h.db, admin.id, SYSTEM_ACTOR)).rejects.toThrow(/at least one admin/);
  });

  it("API tokens act with their user's current role until revoked; deleting the user ends them", async () => {
    const u = await createUser(svc.auth, h.db, { email: "ci@example.com", name: "CI", password: "ci-password-12345", role: "viewer" }, SYSTEM_ACTOR);
    const { id, token } = await createApiToken(h.db, u.id, "ci");
    expect(await svc.identify(new Headers({ authorization: `Bearer ${token}` }))).toMatchObject({ role: "viewer", via: "token", tokenId: id });
    await setUserRole(h.db, u.id, "editor", SYSTEM_ACTOR);
    expect(await principalFromToken(h.db, token)).toMatchObject({ role: "editor" });
    expect(await principalFromToken(h.db, token + "x")).toBeNull();
    expect(await revokeApiToken(h.db, u.id, id)).toBe(true);
    expect(await revokeApiToken(h.db, u.id, id)).toBe(false);
    expect(await principalFromToken(h.db, token)).toBeNull();
    const second = await createApiToken(h.db, u.id, "ci2");
    await deleteUser(h.db, u.id, SYSTEM_ACTOR);
    expect(await principalFromToken(h.db, second.token)).toBeNull();
  });
});
