import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverRoutes } from "@/e2e/routes";

// Every API route found on disk gets arbitrary bodies and query strings from an admin token:
// the answer is always a deliberate status with a JSON body, never a 500, a throw or a hang.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-fuzz-"));
process.env.HEADROOM_DATA_DIR = dataDir;
process.env.HEADROOM_ADMIN_EMAIL = "fuzz@example.com";
process.env.HEADROOM_ADMIN_PASSWORD = "fuzz-admin-password";
delete process.env.DATABASE_URL;
delete process.env.HEADROOM_CONFIG;

// /metrics and /health answer in their own formats; everything under /api/ answers JSON.
const routes = discoverRoutes().filter((r) => r.kind === "api" && r.url.startsWith("/api/"));
let token: string;

beforeAll(async () => {
  const { getAuthService, createApiToken, listUsers } = await import("@/lib/auth");
  const svc = await getAuthService();
  const [admin] = await listUsers(svc.rt.database.db);
  token = (await createApiToken(svc.rt.database.db, admin.id, "fuzz")).token;
});

afterAll(async () => {
  const { getRuntime } = await import("@/lib/runtime");
  await (await getRuntime()).database.close();
});

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.record({ email: fc.string(), name: fc.string(), password: fc.string(), role: fc.string() }).map((v) => JSON.stringify(v)),
);

describe("API routes under fuzzed input", () => {
  it("found routes to fuzz", () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  for (const route of routes) {
    for (const method of route.methods) {
      it(`${method} ${route.url}`, async () => {
        const mod = await import(/* @vite-ignore */ path.join(process.cwd(), "app", route.file));
        const handler = mod[method] as (req: Request, ctx: unknown) => Promise<Response>;
        await fc.assert(
          fc.asyncProperty(body, fc.string({ maxLength: 40 }), fc.string({ maxLength: 20 }), async (b, q, id) => {
            const url = `http://127.0.0.1${route.url}?q=${encodeURIComponent(q)}`;
            const req = new Request(url, {
              method,
              headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              body: method === "GET" ? undefined : b,
            });
            const res = await handler(req, { params: Promise.resolve({ id, name: id }) });
            expect(res.status, `${method} ${route.url} body=${b}`).not.toBe(500);
            expect([200, 201, 400, 401, 403, 404, 409, 429]).toContain(res.status);
            const json = await res.json();
            expect(["success", "error"]).toContain(json.status);
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});
