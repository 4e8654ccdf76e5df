import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { alertNotifications, alerts, ruleGroupEvals } from "@/db/schema";
import { parseConfigText } from "@/lib/config";
import { EmbeddedDatasource } from "@/lib/datasource";
import { createTsdb } from "@/lib/tsdb";
import type { Runtime } from "@/lib/runtime";
import { notifyJob, rulesJob } from "./alerting";

const RULE = "groups:\n  - name: g\n    rules:\n      - alert: Up\n        expr: up == 1\n";

describe.each(testDatabases())("rules and notify jobs on $kind", (kind) => {
  let h: DbHandle;
  let dir: string;
  const received: string[] = [];
  const hook = http.createServer((req, res) => {
    received.push(String(req.headers["x-headroom-notification-ids"]));
    req.resume();
    req.on("end", () => res.end());
  });
  beforeAll(async () => {
    h = await kind.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-alerting-job-"));
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    await h.close();
    hook.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function runtime(): Runtime {
    const file = path.join(dir, "headroom.yml");
    const text = [
      "global:\n  evaluation_interval: 10s",
      "rule_files: [rules.yml]",
      `alerting:\n  receivers:\n    - { name: hook, type: webhook, url: "http://127.0.0.1:${(hook.address() as AddressInfo).port}/h" }`,
      "",
    ].join("\n");
    const config = { ...parseConfigText(text, file), file };
    const tsdb = createTsdb(h.db);
    return { config, database: h, tsdb, datasources: new Map([["embedded", new EmbeddedDatasource("embedded", tsdb)]]) } as unknown as Runtime;
  }

  it("evaluates each group once per aligned slot, keeps the last good rules when a file breaks, and delivers", async () => {
    fs.writeFileSync(path.join(dir, "rules.yml"), RULE);
    const rt = runtime();
    const logs: string[] = [];
    const rules = rulesJob(rt, (l) => logs.push(l));
    const now = Math.floor(Date.now() / 10_000) * 10_000 + 2_000;
    await rt.tsdb.appendScrape({ samples: [{ labels: { __name__: "up", job: "x" }, value: 1, timestamp: now - 5_000 }] });
    const signal = new AbortController().signal;
    await rules.run({ signal, now });
    const [first] = await h.db.select().from(ruleGroupEvals);
    expect(first.lastEvalAt).toBe(now - 2_000); // the slot, aligned to 10 s
    expect((await h.db.select().from(alerts)).map((a) => a.state)).toEqual(["firing"]);

    // A broken edit: logged once, the last good rules still evaluated in the next slot.
    fs.writeFileSync(path.join(dir, "rules.yml"), RULE.replace("up == 1", "up =="));
    await rules.run({ signal, now: now + 1_000 });
    expect((await h.db.select().from(ruleGroupEvals))[0].lastEvalAt).toBe(now - 2_000); // same slot: not again
    await rules.run({ signal, now: now + 10_000 });
    expect((await h.db.select().from(ruleGroupEvals))[0].lastEvalAt).toBe(now + 8_000);
    expect(logs.filter((l) => l.includes("rules.yml:5:") && l.includes("keeping the last good ones")).length).toBe(1);

    const queued = await h.db.select().from(alertNotifications);
    expect(queued.map((n) => [n.receiver, n.status])).toEqual([["hook", "firing"]]);
    await notifyJob(rt, () => {}).run({ signal, now: now + 11_000 });
    expect(received).toEqual([String(queued[0].id)]);
    expect((await h.db.select().from(alertNotifications))[0].deliveredAt).toBe(now + 11_000);
  });
});
