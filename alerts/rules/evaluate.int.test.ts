import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { alertNotifications, alerts, ruleGroupEvals } from "@/db/schema";
import { EmbeddedDatasource } from "@/lib/datasource";
import { outboundPolicy } from "@/lib/net";
import { createTsdb, type Tsdb } from "@/lib/tsdb";
import { deliverDue } from "@/alerts/notifier";
import { createReceiver } from "@/alerts/receivers";
import { evaluateGroup, parseRuleFile, type EvalDeps, type RuleGroup } from "./index";

const T0 = Date.UTC(2026, 0, 1);
const RULES = `groups:
  - name: llm
    rules:
      - alert: HighErrorRatio
        expr: errors_ratio > 0.05
        for: 30s
        labels: { severity: page }
        annotations: { summary: "{{ $labels.instance }} at {{ $value }}" }
      - record: instance:errors_ratio:x100
        expr: errors_ratio * 100
`;

describe.each(testDatabases())("rule evaluation and delivery on $kind", ({ open }) => {
  let h: DbHandle;
  let tsdb: Tsdb;
  let group: RuleGroup;
  let deps: EvalDeps;

  beforeEach(async () => {
    h = await open();
    tsdb = createTsdb(h.db);
    group = parseRuleFile(RULES, "rules/llm.yml")[0];
    deps = {
      db: h.db,
      datasource: new EmbeddedDatasource("embedded", tsdb),
      appender: tsdb,
      receivers: ["hook", "am"],
      externalLabels: {},
      externalURL: "http://headroom.test:3000/",
      repeatIntervalMs: 0,
    };
  });
  afterEach(() => h.close());

  // errors_ratio of two instances at time t.
  const scrape = (t: number, a: number, b: number | null) =>
    tsdb.appendScrape({
      samples: [
        { labels: { __name__: "errors_ratio", instance: "a" }, value: a, timestamp: t },
        ...(b === null ? [] : [{ labels: { __name__: "errors_ratio", instance: "b" }, value: b, timestamp: t }]),
      ],
    });
  const outbox = () => h.db.select().from(alertNotifications).orderBy(asc(alertNotifications.id));

  it("keeps an alert pending for `for`, fires it, resolves it, and queues one notification per receiver for each change", async () => {
    await scrape(T0, 0.2, 0.01);
    expect(await evaluateGroup(deps, group, T0)).toMatchObject({ errors: [], transitions: 0, recorded: 2 });
    expect((await h.db.select().from(alerts)).map((a) => [a.labels.instance, a.state])).toEqual([["a", "pending"]]);
    expect(await outbox()).toEqual([]);

    await scrape(T0 + 30_000, 0.3, 0.01);
    expect((await evaluateGroup(deps, group, T0 + 30_000)).transitions).toBe(1);
    const firing = await outbox();
    expect(firing.map((n) => [n.receiver, n.status])).toEqual([["hook", "firing"], ["am", "firing"]]);
    expect(firing[0].alert).toMatchObject({
      labels: { alertname: "HighErrorRatio", instance: "a", severity: "page" },
      annotations: { summary: "a at 0.3" },
      startsAt: T0 + 30_000,
      endsAt: null,
      generatorURL: "http://headroom.test:3000/explore?expr=errors_ratio%20%3E%200.05",
    });

    // Evaluating the same slot again changes nothing and queues nothing.
    expect((await evaluateGroup(deps, group, T0 + 30_000)).transitions).toBe(0);
    await scrape(T0 + 60_000, 0.01, 0.01);
    expect((await evaluateGroup(deps, group, T0 + 60_000)).transitions).toBe(1);
    const all = await outbox();
    expect(all.slice(2).map((n) => [n.receiver, n.status, (n.alert as { endsAt: number }).endsAt])).toEqual([
      ["hook", "resolved", T0 + 60_000],
      ["am", "resolved", T0 + 60_000],
    ]);
    expect((await h.db.select().from(alerts)).map((a) => a.state)).toEqual(["inactive"]);
    const [evalRow] = await h.db.select().from(ruleGroupEvals);
    expect(evalRow).toMatchObject({ lastEvalAt: T0 + 60_000, lastError: null });

    // The recording rule wrote its series at each evaluation (the repeated slot over itself).
    const recorded = await tsdb.select([{ type: "=", name: "__name__", value: "instance:errors_ratio:x100" }], T0, T0 + 60_000);
    expect(recorded.map((s) => [s.labels.instance, Array.from(s.values).map((v) => Math.round(v))])).toEqual([
      ["a", [20, 30, 1]],
      ["b", [1, 1, 1]],
    ]);
  });

  it("records a failing rule's error and still evaluates the others", async () => {
    const broken = parseRuleFile(RULES.replace("errors_ratio * 100", 'label_replace(errors_ratio, "x", "$1", "instance", "(")'), "rules/llm.yml")[0];
    await scrape(T0, 0.2, null);
    const r = await evaluateGroup(deps, broken, T0);
    expect(r.errors.map((e) => e.rule)).toEqual(["instance:errors_ratio:x100"]);
    expect((await h.db.select().from(alerts)).length).toBe(1);
    expect((await h.db.select().from(ruleGroupEvals))[0].lastError).toMatch(/^instance:errors_ratio:x100: /);
  });

  it("delivers the outbox to a webhook once, retries a failing receiver with backoff and gives up on a refusal", async () => {
    const got: { ids: string; body: { status: string; alerts: { labels: Record<string, string> }[] } }[] = [];
    let answer = 200;
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (answer === 200) got.push({ ids: String(req.headers["x-headroom-notification-ids"]), body: JSON.parse(body) });
        res.statusCode = answer;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const policy = outboundPolicy({ deny: [], timeoutMs: 2_000 });
      const senders = new Map([["hook", createReceiver({ name: "hook", type: "webhook", url }, { policy, externalURL: "http://headroom.test" })]]);
      deps = { ...deps, receivers: ["hook"] };
      const fire = { ...group, rules: group.rules.map((r) => (r.kind === "alert" ? { ...r, forMs: 0 } : r)) };
      await scrape(T0, 0.2, 0.3);
      await evaluateGroup(deps, fire, T0);

      answer = 503;
      expect(await deliverDue(h.db, senders, { now: T0 + 1_000 })).toEqual({ delivered: 0, retrying: 2, failed: 0 });
      // Not due again before its backoff.
      expect(await deliverDue(h.db, senders, { now: T0 + 2_000 })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      answer = 200;
      expect(await deliverDue(h.db, senders, { now: T0 + 7_000 })).toEqual({ delivered: 2, retrying: 0, failed: 0 });
      expect(got.length).toBe(1);
      const rows = await outbox();
      expect(got[0].ids).toBe(rows.map((r) => r.id).join(","));
      expect(got[0].body.status).toBe("firing");
      expect(got[0].body.alerts.map((a) => a.labels.instance).sort()).toEqual(["a", "b"]);
      expect(rows.every((r) => r.deliveredAt === T0 + 7_000 && r.attempts === 2)).toBe(true);
      expect(await deliverDue(h.db, senders, { now: T0 + 60_000 })).toEqual({ delivered: 0, retrying: 0, failed: 0 });

      await scrape(T0 + 60_000, 0.01, 0.01);
      await evaluateGroup(deps, fire, T0 + 60_000);
      answer = 400;
      expect(await deliverDue(h.db, senders, { now: T0 + 61_000 })).toEqual({ delivered: 0, retrying: 0, failed: 2 });
      expect((await outbox()).filter((r) => r.failedAt !== null).every((r) => /answered 400/.test(r.lastError ?? ""))).toBe(true);
      // A receiver that is no longer configured: its notifications are given up, not retried forever.
      await scrape(T0 + 120_000, 0.2, 0.01);
      await evaluateGroup(deps, fire, T0 + 120_000);
      expect(await deliverDue(h.db, new Map(), { now: T0 + 121_000 })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    } finally {
      server.close();
    }
  });
});
