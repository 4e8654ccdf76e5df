/**
 * Child process of perf/load-viewers.ts: serves the synthetic targets of load-metrics.ts on
 * loopback, one port each, so their CPU is not counted as Headroom's or the viewers'. Prints
 * `{"ports":[...]}` once listening, and exits when its parent closes stdin.
 *
 *   node --import tsx perf/support/load-target-server.ts --targets 20 --series 300 --interval-ms 5000
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { loadFamilies, renderLoadExposition, tickAt } from "./load-metrics";

const { values: args } = parseArgs({
  options: {
    targets: { type: "string", default: "20" },
    series: { type: "string", default: "300" },
    "interval-ms": { type: "string", default: "5000" },
  },
});
const TARGETS = Number(args.targets);
const SERIES = Number(args.series);
const INTERVAL = Number(args["interval-ms"]);

async function serve(target: number): Promise<number> {
  const fams = loadFamilies(target, SERIES, INTERVAL);
  // One body per tick serves every scrape within that tick.
  let cached: { tick: number; plain: Buffer; gzip: Buffer } | null = null;
  const server = http.createServer((req, res) => {
    const tick = tickAt(Date.now(), INTERVAL);
    if (cached?.tick !== tick) {
      const plain = Buffer.from(renderLoadExposition(fams, tick));
      cached = { tick, plain, gzip: zlib.gzipSync(plain, { level: 1 }) };
    }
    const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", ...(gzip ? { "content-encoding": "gzip" } : {}) });
    res.end(gzip ? cached.gzip : cached.plain);
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

const ports: number[] = [];
for (let i = 0; i < TARGETS; i++) ports.push(await serve(i));
process.stdout.write(JSON.stringify({ ports }) + "\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
