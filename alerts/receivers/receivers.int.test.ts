import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { alertmanagerAlerts, webhookPayload, type Notification } from "@/alerts/notifier/payload";
import { outboundPolicy, type OutboundPolicy } from "@/lib/net";
import { createReceiver, isReceiverError, ReceiverError, type ReceiverConfig } from "./index";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  port: number;
  seen: Seen[];
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A fresh loopback server per test; `reply` answers after the request body has been read. */
async function serve(reply: (req: Seen, res: http.ServerResponse) => void): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const s = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(s);
      reply(s, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, seen };
}

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const batch: Notification[] = [
  {
    id: 41,
    receiver: "ops",
    status: "firing",
    createdAt: T0,
    alert: { fingerprint: "a1", labels: { alertname: "HighErrorRatio", model: "a" }, annotations: { summary: "s" }, startsAt: T0, endsAt: null, value: 0.1, generatorURL: "http://h/g" },
  },
  {
    id: 42,
    receiver: "ops",
    status: "resolved",
    createdAt: T0 + 60_000,
    alert: { fingerprint: "b2", labels: { alertname: "HighErrorRatio", model: "b" }, annotations: {}, startsAt: T0, endsAt: T0 + 30_000, value: 0, generatorURL: "http://h/g" },
  },
];

const open = (): OutboundPolicy => outboundPolicy({ deny: [], timeoutMs: 5_000 });
const receiver = (cfg: Partial<ReceiverConfig> & { url: string }, policy = open()) =>
  createReceiver({ name: "ops", type: "webhook", ...cfg }, { policy, externalURL: "http://headroom.local" });

/** The ReceiverError a send failed with (the test fails if it resolved or threw something else). */
async function failure(p: Promise<void>): Promise<ReceiverError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReceiverError);
  expect(isReceiverError(err)).toBe(true);
  return err as ReceiverError;
}

describe("webhook receiver", () => {
  it("POSTs the exact webhook body with the notification ids header", async () => {
    const srv = await serve((_req, res) => res.writeHead(200).end("ok"));
    const r = receiver({ url: `http://127.0.0.1:${srv.port}/hooks/abc?x=1`, headers: { Authorization: "Bearer t", "content-type": "text/plain" } });
    await r.send(batch);
    expect(srv.seen).toHaveLength(1);
    const [req] = srv.seen;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/hooks/abc?x=1");
    expect(req.body).toBe(JSON.stringify(webhookPayload("ops", batch, { externalURL: "http://headroom.local" })));
    expect(req.headers["x-headroom-notification-ids"]).toBe("41,42");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers.authorization).toBe("Bearer t");
  });

  it("sends nothing for an empty batch", async () => {
    const srv = await serve((_req, res) => res.end());
    await receiver({ url: `http://127.0.0.1:${srv.port}/` }).send([]);
    expect(srv.seen).toHaveLength(0);
  });

  it("follows a same-host redirect with the body", async () => {
    const srv = await serve((req, res) => (req.url === "/old" ? res.writeHead(307, { location: "/new" }).end() : res.writeHead(204).end()));
    await receiver({ url: `http://127.0.0.1:${srv.port}/old` }).send(batch);
    expect(srv.seen.map((s) => [s.url, s.body.length > 0])).toEqual([
      ["/old", true],
      ["/new", true],
    ]);
  });
});

describe("alertmanager receiver", () => {
  it.each([
    ["", "/api/v2/alerts"],
    ["/", "/api/v2/alerts"],
    ["/am/", "/am/api/v2/alerts"],
  ])("POSTs the API v2 body to base %j + /api/v2/alerts", async (base, path) => {
    const srv = await serve((_req, res) => res.writeHead(200).end());
    await receiver({ type: "alertmanager", url: `http://127.0.0.1:${srv.port}${base}` }).send(batch);
    expect(srv.seen).toHaveLength(1);
    expect(srv.seen[0].url).toBe(path);
    expect(srv.seen[0].body).toBe(JSON.stringify(alertmanagerAlerts(batch)));
    expect(srv.seen[0].headers["x-headroom-notification-ids"]).toBe("41,42");
  });
});

describe("failures", () => {
  it.each<[string, number, boolean]>([
    ["webhook", 500, true],
    ["webhook", 503, true],
    ["webhook", 429, true],
    ["webhook", 400, false],
    ["webhook", 404, false],
    ["alertmanager", 500, true],
    ["alertmanager", 400, false],
  ])("%s answering %i: retryable %s", async (type, status, retryable) => {
    const srv = await serve((_req, res) => res.writeHead(status).end("nope"));
    const err = await failure(receiver({ type: type as ReceiverConfig["type"], url: `http://127.0.0.1:${srv.port}/` }).send(batch));
    expect(err.status).toBe(status);
    expect(err.retryable).toBe(retryable);
    expect(err.message).toContain(`answered ${status}: nope`);
  });

  it("times out a hanging server within about timeoutMs, retryable", async () => {
    const srv = await serve(() => {}); // never answers
    const started = Date.now();
    const err = await failure(receiver({ url: `http://127.0.0.1:${srv.port}/`, timeoutMs: 300 }).send(batch));
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2_000);
    expect(err.message).toMatch(/timed out after 300 ms/);
    expect(err).toMatchObject({ retryable: true, status: null });
  });

  it("is retryable when nothing listens", async () => {
    const srv = await serve(() => {});
    await new Promise((r) => servers.pop()!.close(r));
    const err = await failure(receiver({ url: `http://127.0.0.1:${srv.port}/` }).send(batch));
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err).toMatchObject({ retryable: true, status: null });
  });

  it("refuses a redirect to another host, not retryable", async () => {
    const srv = await serve((_req, res) => res.writeHead(307, { location: "http://example.invalid/steal" }).end());
    const err = await failure(receiver({ url: `http://127.0.0.1:${srv.port}/` }).send(batch));
    expect(err.message).toMatch(/redirect to another host \(example\.invalid\) refused/);
    expect(err.retryable).toBe(false);
    expect(srv.seen).toHaveLength(1);
  });

  // IP literals skip DNS, where lib/net checks the deny list, so they are checked separately.
  it.each<[string, string, string[], RegExp]>([
    ["webhook", "127.0.0.1", ["127.0.0.0/8"], /127\.0\.0\.1 is denied \(127\.0\.0\.0\/8\)/],
    ["alertmanager", "127.0.0.1", ["127.0.0.0/8"], /127\.0\.0\.1 is denied \(127\.0\.0\.0\/8\)/],
    ["webhook", "127.1", ["127.0.0.0/8"], /127\.0\.0\.1 is denied/],
    ["webhook", "[::ffff:127.0.0.1]", ["127.0.0.0/8"], /\[::ffff:7f00:1\] is denied \(127\.0\.0\.0\/8\)/],
    // localhost may resolve to ::1 first; the server listens on 127.0.0.1 either way.
    ["webhook", "localhost", ["127.0.0.0/8", "::1/128"], /localhost resolves to (127\.0\.0\.1|::1), which is denied/],
  ])("%s at %s: refused by the deny list before connecting, not retryable", async (type, host, deny, msg) => {
    const srv = await serve((_req, res) => res.end());
    const policy = outboundPolicy({ deny });
    const err = await failure(receiver({ type: type as ReceiverConfig["type"], url: `http://${host}:${srv.port}/` }, policy).send(batch));
    expect(err.message).toMatch(msg);
    expect(err.retryable).toBe(false);
    expect(srv.seen).toHaveLength(0);
  });

  it("gives up at once when the signal aborts, retryable", async () => {
    const srv = await serve(() => {});
    const r = receiver({ url: `http://127.0.0.1:${srv.port}/`, timeoutMs: 5_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    const err = await failure(r.send(batch, ac.signal));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toMatchObject({ retryable: true, status: null });
    expect((await failure(r.send(batch, ac.signal))).message).toMatch(/aborted before sending/);
  });
});

describe("errors never show the URL's path or query", () => {
  const secretUrl = (port: number) => `http://127.0.0.1:${port}/hooks/SECRET-TOKEN?key=abc`;
  const cases: [string, (req: Seen, res: http.ServerResponse) => void, Partial<ReceiverConfig>, OutboundPolicy?][] = [
    // The server echoes the URL it was called at, as some do in error pages.
    ["a 500 echoing the URL", (req, res) => res.writeHead(500).end(`no route for ${req.url} at http://127.0.0.1${req.url}`), {}],
    ["a 400 naming the token", (_req, res) => res.writeHead(400).end("invalid token SECRET-TOKEN"), {}],
    ["a timeout", () => {}, { timeoutMs: 200 }],
    ["a cross-host redirect", (_req, res) => res.writeHead(302, { location: "http://example.invalid/hooks/SECRET-TOKEN?key=abc" }).end(), {}],
    ["the deny list", (_req, res) => res.end(), {}, outboundPolicy({ deny: ["127.0.0.0/8"] })],
    ["an alertmanager 500", (req, res) => res.writeHead(500).end(String(req.url)), { type: "alertmanager" }],
  ];
  it.each(cases)("%s", async (_name, reply, cfg, policy) => {
    const srv = await serve(reply);
    const err = await failure(receiver({ ...cfg, url: secretUrl(srv.port) }, policy).send(batch));
    for (const text of [err.message, String(err), err.stack ?? "", JSON.stringify(err)]) {
      expect(text).not.toContain("SECRET-TOKEN");
      expect(text).not.toContain("key=abc");
    }
    expect(err.message).toContain(`http://127.0.0.1:${srv.port}/…`);
  });

  it.each([
    ["not a URL", "hooks/SECRET-TOKEN?key=abc", /url is not a valid URL/],
    ["another scheme", "ftp://h/SECRET-TOKEN?key=abc", /url must be http or https, not ftp:/],
  ])("nor do configuration errors: %s", (_name, url, msg) => {
    expect(() => receiver({ url })).toThrow(msg);
    try {
      receiver({ url });
    } catch (e) {
      expect(String(e)).not.toContain("SECRET-TOKEN");
    }
  });
});
