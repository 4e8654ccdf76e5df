import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundPolicy, outboundRequest } from "./index";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/ok") return res.end("hello");
    if (req.url === "/same-host-redirect") return res.writeHead(302, { location: "/ok" }).end();
    if (req.url === "/other-host-redirect") return res.writeHead(302, { location: "http://example.invalid/ok" }).end();
    if (req.url === "/loop") return res.writeHead(302, { location: "/loop" }).end();
    if (req.url === "/big") return res.end(Buffer.alloc(2 * 1024 * 1024, 97));
    if (req.url === "/hang") return; // never answers
    if (req.url === "/trickle") {
      const t = setInterval(() => res.write("x"), 50);
      req.on("close", () => clearInterval(t));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const policy = (over: Partial<Parameters<typeof outboundPolicy>[0]> = {}) =>
  outboundPolicy({ deny: [], timeoutMs: 500, maxResponseBytes: 1024 * 1024, ...over });

describe("outboundRequest against a loopback server", () => {
  it("fetches and follows a same-host redirect", async () => {
    expect((await outboundRequest(`${base}/ok`, {}, policy())).body.toString()).toBe("hello");
    expect((await outboundRequest(`${base}/same-host-redirect`, {}, policy())).body.toString()).toBe("hello");
  });

  it.each([
    ["/other-host-redirect", /redirect to another host \(example.invalid\) refused/],
    ["/loop", /more than 3 redirects/],
    ["/big", /response larger than 1048576 bytes/],
    ["/hang", /timed out after 500 ms/],
    ["/trickle", /timed out after 500 ms/],
  ])("%s is stopped: %s", async (path, msg) => {
    await expect(outboundRequest(`${base}${path}`, {}, policy())).rejects.toThrow(msg);
  });

  it("refuses a host whose address is on the deny list, after DNS resolution", async () => {
    await expect(outboundRequest(`${base}/ok`, {}, policy({ deny: ["127.0.0.0/8", "::1/128"] }))).rejects.toThrow(
      /localhost resolves to (127\.0\.0\.1|::1), which is denied/,
    );
  });

  // Node does no DNS lookup for an IP literal, so the list is checked on the URL itself too.
  it.each([
    ["127.0.0.1", "127.0.0.0/8"],
    ["127.1", "127.0.0.0/8"],
    ["[::ffff:127.0.0.1]", "127.0.0.0/8"],
    ["[::1]", "::1/128"],
    ["169.254.169.254", "169.254.0.0/16"],
  ])("refuses the IP literal %s when %s is denied, before connecting", async (host, block) => {
    const port = new URL(base).port;
    await expect(outboundRequest(`http://${host}:${port}/ok`, {}, policy({ deny: [block] }))).rejects.toThrow(`is denied (${block})`);
  });

  it("refuses other schemes", async () => {
    await expect(outboundRequest("file:///etc/passwd", {}, policy())).rejects.toThrow(/unsupported scheme file:/);
  });
});
