/** Test helper: a real HTTP server on 127.0.0.1 serving expositions the way targets misbehave. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/** How one path answers. */
export type Route =
  | { kind: "body"; body: string; contentType?: string; gzip?: boolean; status?: number; delayMs?: number }
  | { kind: "hang" }
  | { kind: "endless" }
  | { kind: "auth"; expect: string; body: string };

/** A running test target; `routes` may be changed between scrapes. */
export interface TestServer {
  /** host:port */
  address: string;
  routes: Map<string, Route>;
  /** Request headers seen, by path, latest last. */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  /** Requests whose connection is still open (a hanging one stays here until the client gives up). */
  open(): number;
  close(): Promise<void>;
}

/** Starts a server on a random port of 127.0.0.1. */
export async function startTestServer(routes: Record<string, Route> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: TestServer["requests"] = [];
  let openCount = 0;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    requests.push({ path, headers: req.headers });
    openCount++;
    res.once("close", () => openCount--);
    const route = table.get(path);
    if (!route) {
      res.writeHead(404).end("not found");
      return;
    }
    if (route.kind === "hang") return; // never answers; the client must give up
    if (route.kind === "endless") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      const line = Buffer.from(`padding_metric{filler="${"x".repeat(200)}"} 1\n`.repeat(300));
      const pump = () => {
        while (!res.destroyed && res.write(line));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
      return;
    }
    if (route.kind === "auth") {
      if (req.headers.authorization !== route.expect) {
        res.writeHead(401).end("unauthorized");
        return;
      }
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(route.body);
      return;
    }
    const send = () => {
      const headers: Record<string, string> = { "content-type": route.contentType ?? "text/plain; version=0.0.4" };
      let payload: Buffer = Buffer.from(route.body);
      if (route.gzip) {
        payload = zlib.gzipSync(payload);
        headers["content-encoding"] = "gzip";
      }
      res.writeHead(route.status ?? 200, headers).end(payload);
    };
    if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    routes: table,
    requests,
    open: () => openCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
