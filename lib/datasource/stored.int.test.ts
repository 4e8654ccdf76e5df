import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queryRows, type DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { SecretBox } from "@/lib/secrets";
import { createStoredDatasource, datasourceInputSchema, deleteStoredDatasource, listStoredDatasources, loadStoredDatasources } from "./index";

const box = new SecretBox("a-test-key-that-is-at-least-32-chars");

describe.each(testDatabases())("stored datasources on $kind", ({ open }) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await open();
  });
  afterEach(async () => {
    await h.close();
  });

  it("seals the credential, shows it redacted, and uses it on the wire", async () => {
    const seen: string[] = [];
    const srv = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? "");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "success", data: ["job"] }));
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const input = datasourceInputSchema.parse({ name: "prod", url, authType: "basic", username: "grafana", secret: "s3cret-password" });
    const id = await createStoredDatasource(h.db, box, new Set(["embedded"]), input, SYSTEM_ACTOR);

    const [raw] = await queryRows<{ secret_sealed: string }>(h.db, sql`SELECT secret_sealed FROM datasources`);
    expect(raw.secret_sealed).not.toContain("s3cret-password");
    const [view] = await listStoredDatasources(h.db);
    expect(view).toMatchObject({ id, name: "prod", authType: "basic", username: "grafana" });
    expect(JSON.stringify(view)).not.toContain("s3cret");

    const { live } = await loadStoredDatasources(h.db, box);
    expect(await live[0].labelNames()).toEqual(["job"]);
    expect(seen).toEqual(["Basic " + Buffer.from("grafana:s3cret-password").toString("base64")]);
    srv.close();

    const broken = await loadStoredDatasources(h.db, new SecretBox("another-key-that-is-at-least-32-chars"));
    expect(broken.live).toEqual([]);
    expect(broken.broken[0]).toMatchObject({ name: "prod", reason: expect.stringMatching(/wrong HEADROOM_SECRET_KEY/) });
    expect(await deleteStoredDatasource(h.db, id, SYSTEM_ACTOR)).toBe(true);
    expect(await listStoredDatasources(h.db)).toEqual([]);
  });

  it("refuses duplicate names, credentials without a key, and incomplete auth", async () => {
    const input = datasourceInputSchema.parse({ name: "embedded", url: "http://x:9090" });
    await expect(createStoredDatasource(h.db, box, new Set(["embedded"]), input, SYSTEM_ACTOR)).rejects.toThrow(/already exists/);
    const withSecret = datasourceInputSchema.parse({ name: "p", url: "http://x:9090", authType: "bearer", secret: "t" });
    await expect(createStoredDatasource(h.db, null, new Set(), withSecret, SYSTEM_ACTOR)).rejects.toThrow(/set HEADROOM_SECRET_KEY/);
    const r = datasourceInputSchema.safeParse({ name: "p", url: "http://x:9090", authType: "basic", secret: "t" });
    expect(r.success ? null : r.error.issues[0].path).toEqual(["username"]);
    expect(datasourceInputSchema.safeParse({ name: "p", url: "ftp://x" }).success).toBe(false);
  });
});
