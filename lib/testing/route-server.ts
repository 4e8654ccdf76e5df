import http from "node:http";
import type { AddressInfo } from "node:net";

type RouteModule = Record<string, unknown>;

/** A route pattern such as `/api/v1/label/[name]/values` and its module's exports. */
export interface MountedRoute {
  pattern: string;
  module: RouteModule;
}

/**
 * Serves Next.js route handlers from a plain node:http server on loopback, so real HTTP clients
 * (promtool, Grafana-style clients) can be pointed at Headroom's route code in a test.
 */
export async function serveRoutes(routes: MountedRoute[]): Promise<{ url: string; close(): Promise<void> }> {
  const compiled = routes.map((r) => ({
    re: new RegExp("^" + r.pattern.replace(/\[([^\]]+)\]/g, "(?<$1>[^/]+)") + "$"),
    module: r.module,
  }));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    for (const r of compiled) {
      const m = r.re.exec(url.pathname);
      const handler = m && (r.module[req.method ?? "GET"] as ((q: Request, c: unknown) => Promise<Response>) | undefined);
      if (!m) continue;
      if (!handler) return res.writeHead(405).end();
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      const out = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }), { params: Promise.resolve(params) });
      res.writeHead(out.status, Object.fromEntries(out.headers.entries()));
      return res.end(Buffer.from(await out.arrayBuffer()));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
