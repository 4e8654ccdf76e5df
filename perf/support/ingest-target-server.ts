/**
 * Child process of perf/ingest-vs-prometheus.ts: serves the synthetic targets on loopback, one
 * port each, so their CPU is not counted as the scraper's. Prints `{"ports":[...]}` once
 * listening, then `{"leastRequests":N}` whenever the fewest requests any target has had grows (a
 * scraper runs one scrape per target at a time, so N requests mean N-1 finished scrapes). Exits
 * when its parent closes stdin.
 *
 *   node --import tsx perf/support/ingest-target-server.ts --targets 100 --interval-ms 15000
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { renderExposition, targetFamilies, tickAt } from "./ingest-synthetic";

const { values: args } = parseArgs({ options: { targets: { type: "string", default: "100" }, "interval-ms": { type: "string", default: "15000" } } });
const TARGETS = Number(args.targets);
const INTERVAL = Number(args["interval-ms"]);

const requests = new Array<number>(TARGETS).fill(0);
let least = 0;

function counted(target: number): void {
  requests[target]++;
  const now = Math.min(...requests);
  if (now > least) {
    least = now;
    process.stdout.write(JSON.stringify({ leastRequests: least }) + "\n");
  }
}

async function serve(target: number): Promise<number> {
  const fams = targetFamilies(target);
  // Both scrapers ask for gzip; one body per tick serves every scrape within that tick.
  let cached: { tick: number; plain: Buffer; gzip: Buffer } | null = null;
  const server = http.createServer((req, res) => {
    counted(target);
    const tick = tickAt(Date.now(), INTERVAL);
    if (cached?.tick !== tick) {
      const plain = Buffer.from(renderExposition(fams, tick));
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
