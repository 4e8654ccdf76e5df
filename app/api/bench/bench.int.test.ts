import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAiServer, type FakeServer } from "@/lib/bench/testing";

// The route handlers read the process's runtime, so this file gets one of its own: a fresh
// embedded database in a temporary directory, and a key to seal API keys with.
process.env.HEADROOM_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-bench-api-"));
process.env.HEADROOM_ADMIN_EMAIL = "admin@example.com";
process.env.HEADROOM_ADMIN_PASSWORD = "bench-admin-password";
process.env.HEADROOM_SECRET_KEY = "bench-api-test-secret-key-with-32-chars";
delete process.env.DATABASE_URL;
delete process.env.HEADROOM_CONFIG;

type Handler = (req: Request, ctx: unknown) => Promise<Response>;
const h: Record<string, Handler> = {};
let editor: string;
let viewer: string;
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ ttftMs: 2, itlMs: 1 });
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
  ({ GET: h.list, POST: h.create } = (await import("./route")) as unknown as Record<string, Handler>);
  ({ GET: h.get } = (await import("./[id]/route")) as unknown as Record<string, Handler>);
  ({ POST: h.cancel } = (await import("./[id]/cancel/route")) as unknown as Record<string, Handler>);
  ({ GET: h.export } = (await import("./[id]/export/route")) as unknown as Record<string, Handler>);
});

afterAll(async () => {
  await server.close();
  const { getRuntime } = await import("@/lib/runtime");
  await (await getRuntime()).database.close();
});

function call(handler: Handler, method: string, token: string | null, opts: { body?: unknown; id?: string; query?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const url = `http://127.0.0.1/api/bench${opts.id ? `/${opts.id}` : ""}${opts.query ?? ""}`;
  const body = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  return handler(new Request(url, { method, headers, body }), { params: Promise.resolve({ id: opts.id ?? "" }) });
}

/** Runs whatever is queued, as the worker would. */
async function work(): Promise<void> {
  const { getRuntime } = await import("@/lib/runtime");
  const { claimBenchRun, runQueuedBench } = await import("@/lib/bench");
  const rt = await getRuntime();
  for (let run = await claimBenchRun(rt.database.db, new Date()); run; run = await claimBenchRun(rt.database.db, new Date()))
    await runQueuedBench(run, { db: rt.database.db, secrets: rt.secrets, signal: new AbortController().signal });
}

describe("/api/bench", () => {
  const good = () => ({ target: server.url, concurrency: [1, 2], requests: 5, inputTokens: 8, outputTokens: 3, goodput: "ttft:1000", apiKey: "sk-never-shown" });

  it("lets viewers read and editors start; others are refused", async () => {
    expect((await call(h.create, "POST", null, { body: good() })).status).toBe(401);
    expect((await call(h.create, "POST", viewer, { body: good() })).status).toBe(403);
    expect((await call(h.list, "GET", viewer)).status).toBe(200);
  });

  it.each([
    [{ concurrency: "0" }, /^concurrency: "0" is not a positive integer$/],
    [{ target: "http://169.254.169.254/" }, /^target: 169\.254\.169\.254 is in a denied network/],
    [{ target: "../../etc/x.gguf" }, /^target: give the name of a \.gguf file/],
    [{ bogus: 1 }, /^body: Unrecognized key/],
    ["{not json", /^body: invalid JSON$/],
  ])("refuses %j with 400 naming the field", async (change, want) => {
    const body = typeof change === "string" ? change : { ...good(), ...change };
    const res = await call(h.create, "POST", editor, { body });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(want);
  });

  it("queues a run, runs it, shows it and exports it, never showing the API key", async () => {
    const created = await call(h.create, "POST", editor, { body: good() });
    expect(created.status).toBe(201);
    const id = String((await created.json()).data.id);

    const queued = await call(h.get, "GET", viewer, { id });
    const queuedText = await queued.text();
    expect(JSON.parse(queuedText).data).toMatchObject({ state: "queued", hasApiKey: true, requestedBy: "editor@example.com", request: { target: { kind: "url" } } });
    expect((await call(h.export, "GET", viewer, { id, query: "?format=csv" })).status).toBe(409);

    await work();
    const listText = await (await call(h.list, "GET", viewer)).text();
    const detail = JSON.parse((await (await call(h.get, "GET", viewer, { id })).text()) as string).data;
    expect(detail).toMatchObject({ state: "done", hasApiKey: false, model: "fake-model" });
    expect(detail.levelResults).toHaveLength(2);
    for (const text of [queuedText, listText, JSON.stringify(detail)]) {
      expect(text).not.toContain("sk-never-shown");
      expect(text).not.toMatch(/apiKeySealed|v1:[A-Za-z0-9_-]+:/);
    }
    expect(server.served.at(-1)!.authorization).toBe("Bearer sk-never-shown");

    const json = await call(h.export, "GET", viewer, { id, query: "?format=json" });
    expect(json.headers.get("content-disposition")).toBe(`attachment; filename="headroom-bench-${id}.json"`);
    const doc = await json.json();
    expect(doc).toMatchObject({ version: 1, runId: Number(id), status: "done", model: "fake-model", config: { goodput: "ttft:1000" } });
    expect(doc.levels.map((l: { label: string }) => l.label)).toEqual(["concurrency 1", "concurrency 2"]);

    const csv = await call(h.export, "GET", viewer, { id, query: "?format=csv" });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^run_id,position,label,kind,load,stop_reason,requests,completed,/);
    expect(lines[1]).toMatch(new RegExp(`^${id},0,concurrency 1,concurrency,1,requests,5,5,`));

    const bad = await call(h.export, "GET", viewer, { id, query: "?format=xml" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^format: expected json or csv/);
    expect((await call(h.cancel, "POST", editor, { id })).status).toBe(409);
  });

  it("cancels a queued run for editors, and audits who started and canceled", async () => {
    const id = String((await (await call(h.create, "POST", editor, { body: good() })).json()).data.id);
    expect((await call(h.cancel, "POST", viewer, { id })).status).toBe(403);
    const res = await call(h.cancel, "POST", editor, { id });
    expect(await res.json()).toMatchObject({ status: "success", data: { outcome: "canceled" } });
    expect((await (await call(h.get, "GET", viewer, { id })).json()).data).toMatchObject({ state: "canceled", hasApiKey: false });

    const { getRuntime } = await import("@/lib/runtime");
    const { listAudit } = await import("@/lib/audit");
    const audit = (await listAudit((await getRuntime()).database.db)).filter((e) => e.targetId === id);
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ["bench.cancel", "editor@example.com"],
      ["bench.start", "editor@example.com"],
    ]);
    expect(JSON.stringify(audit)).not.toContain("sk-never-shown");
  });

  it.each([
    ["get", "GET", "abc", 400],
    ["get", "GET", "424242", 404],
    ["cancel", "POST", "424242", 404],
    ["export", "GET", "0", 400],
  ])("%s %s %s answers %d", async (name, method, id, status) => {
    expect((await call(h[name], method, editor, { id })).status).toBe(status);
  });
});
