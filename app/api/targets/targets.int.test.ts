import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The route handlers read the process's runtime, so this file gets one of its own: a fresh
// embedded database in a temporary directory.
process.env.HEADROOM_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-targets-api-"));
process.env.HEADROOM_ADMIN_EMAIL = "admin@example.com";
process.env.HEADROOM_ADMIN_PASSWORD = "targets-admin-password";
delete process.env.DATABASE_URL;
delete process.env.HEADROOM_CONFIG;

type Handler = (req: Request, ctx: unknown) => Promise<Response>;
let editor: string;
let viewer: string;
let list: Handler;
let add: Handler;
let remove: Handler;

beforeAll(async () => {
  const { getAuthService, createApiToken, createUser } = await import("@/lib/auth");
  const { SYSTEM_ACTOR } = await import("@/lib/audit");
  const svc = await getAuthService();
  const db = svc.rt.database.db;
  const token = async (email: string, role: "viewer" | "editor") => {
    const u = await createUser(svc.auth, db, { email, name: role, password: "a-long-enough-password", role }, SYSTEM_ACTOR);
    return (await createApiToken(db, u.id, role)).token;
  };
  editor = await token("editor@example.com", "editor");
  viewer = await token("viewer@example.com", "viewer");
  ({ GET: list, POST: add } = (await import("./route")) as unknown as { GET: Handler; POST: Handler });
  ({ DELETE: remove } = (await import("./[id]/route")) as unknown as { DELETE: Handler });
});

afterAll(async () => {
  const { getRuntime } = await import("@/lib/runtime");
  await (await getRuntime()).database.close();
});

function call(handler: Handler, method: string, token: string | null, body?: unknown, id = "") {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const req = new Request(`http://127.0.0.1/api/targets${id ? `/${id}` : ""}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return handler(req, { params: Promise.resolve({ id }) });
}

describe("/api/targets", () => {
  it("adds, lists and removes a target, for editors", async () => {
    const created = await call(add, "POST", editor, { job: "adhoc", url: "http://10.0.0.9:8000/metrics", labels: "team=ml", interval: "30s" });
    expect(created.status).toBe(201);
    const { data } = await created.json();
    expect(data).toMatchObject({ job: "adhoc", url: "http://10.0.0.9:8000/metrics", labels: { team: "ml" }, intervalMs: 30_000 });

    const dup = await call(add, "POST", editor, { job: "adhoc", url: "http://10.0.0.9:8000/metrics" });
    expect(dup.status).toBe(409);

    const listed = await (await call(list, "GET", viewer)).json();
    expect(listed.status).toBe("success");
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ job: "adhoc", up: 0 });
    expect(listed.data[0].targets[0]).toMatchObject({ health: "unknown", source: "database", targetId: data.id });

    expect((await call(remove, "DELETE", editor, undefined, String(data.id))).status).toBe(200);
    expect((await call(remove, "DELETE", editor, undefined, String(data.id))).status).toBe(404);
    expect((await (await call(list, "GET", viewer)).json()).data).toEqual([]);
  });

  it.each([
    [{ url: "http://h:1" }, "job: is required"],
    [{ job: "j", url: "ftp://h" }, "url: must be an http:// or https:// URL"],
    [{ job: "j", url: "http://h:1", labels: { job: "x" } }, 'labels: label "job" is set by Headroom'],
    [{ job: "j", url: "http://h:1", interval: "soon" }, 'interval: invalid duration "soon"'],
    ["{not json", "body: invalid JSON"],
  ])("answers 400 naming the field for %j", async (body, message) => {
    const res = await call(add, "POST", editor, body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json).toMatchObject({ status: "error", errorType: "bad_data" });
    expect(json.error.startsWith(message)).toBe(true);
  });

  it("keeps viewers and anonymous callers out of changes", async () => {
    expect((await call(add, "POST", viewer, { job: "j", url: "http://h:1" })).status).toBe(403);
    expect((await call(add, "POST", null, { job: "j", url: "http://h:1" })).status).toBe(401);
    expect((await call(list, "GET", null)).status).toBe(401);
    expect((await call(remove, "DELETE", viewer, undefined, "1")).status).toBe(403);
    expect((await call(remove, "DELETE", editor, undefined, "abc")).status).toBe(400);
  });
});
