/**
 * The processes of perf/load-viewers.ts: the loopback target server, the production Next.js
 * server (`next start` over a built `.next`, workers inside, PGlite in a fresh data directory),
 * and the small HTTP steps around them (sign-in, an API token, Headroom's own /metrics).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { parseExposition } from "@/lib/exposition";
import { processTree } from "./proc-cpu";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The target server child: its ports and how to stop it. */
export interface Targets {
  pid: number;
  ports: number[];
  stop(): void;
}

/** Starts perf/support/load-target-server.ts in a child process and waits for its ports. */
export async function startTargets(count: number, series: number, intervalMs: number): Promise<Targets> {
  const script = path.join(import.meta.dirname, "load-target-server.ts");
  const args = ["--import", "tsx", script, "--targets", String(count), "--series", String(series), "--interval-ms", String(intervalMs)];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`target server exited (${code}) before listening`)));
  });
  return { pid: child.pid!, ports: (JSON.parse(line) as { ports: number[] }).ports, stop: () => child.stdin!.end() };
}

/** A headroom.yml scraping every port on loopback. */
export function loadConfigYaml(ports: number[], intervalMs: number): string {
  return [
    "scrape_configs:",
    "  - job_name: vllm",
    `    scrape_interval: ${intervalMs}ms`,
    `    scrape_timeout: ${intervalMs}ms`,
    "    static_configs:",
    `      - targets: [${ports.map((p) => `"127.0.0.1:${p}"`).join(", ")}]`,
    "",
  ].join("\n");
}

/** A free loopback port (closed again; the server binds it moments later). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A running `next start`. */
export interface Server {
  url: string;
  /** The node process running Next.js (no npm/npx in between). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** What the server needs: where its data and config live, and the first admin. */
export interface ServerOptions {
  dataDir: string;
  configFile: string;
  port: number;
  adminEmail: string;
  adminPassword: string;
  /** Write a V8 CPU profile of the server into this folder when it exits. */
  cpuProfDir?: string;
}

/** Starts `next start` on loopback and waits until /health answers 200. */
export async function startServer(o: ServerOptions): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_MANUAL_SIG_HANDLE: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    HEADROOM_DATA_DIR: o.dataDir,
    HEADROOM_CONFIG: o.configFile,
    HEADROOM_ADMIN_EMAIL: o.adminEmail,
    HEADROOM_ADMIN_PASSWORD: o.adminPassword,
    HEADROOM_URL: `http://127.0.0.1:${o.port}`,
    HEADROOM_DEMO: "off", // no demo traffic competing for the CPU being measured
  };
  delete env.DATABASE_URL;
  delete env.HEADROOM_WORKERS;
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  // --cpu-prof is refused in NODE_OPTIONS, so it goes on the command line.
  const prof = o.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${o.cpuProfDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...prof, nextBin, "start", "-p", String(o.port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let exited = false;
  child.stdout!.on("data", (c: Buffer) => (out += c));
  child.stderr!.on("data", (c: Buffer) => (out += c));
  const exit = new Promise<void>((r) =>
    child.once("exit", () => {
      exited = true;
      r();
    }),
  );
  const url = `http://127.0.0.1:${o.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`next start exited before serving:\n${out.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`next start did not answer /health within 120 s:\n${out.slice(-3000)}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  return {
    url,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (exited) return;
      const tree = processTree(child.pid!).map((p) => p.pid);
      child.kill("SIGTERM"); // instrumentation stops the workers, closes PGlite and exits
      const timer = setTimeout(() => {
        for (const pid of tree) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            /* gone */
          }
        }
      }, 30_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Signs in; returns the Cookie header value for later requests. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/session/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (cookies.length === 0) throw new Error("sign-in set no cookie");
  return cookies.join("; ");
}

/** Creates an API token with a session cookie (same-origin, for the CSRF check). */
export async function createToken(url: string, cookie: string, name: string): Promise<string> {
  const res = await fetch(`${url}/api/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, cookie },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { token: string } }).data.token;
}

/** One sample of Headroom's own /metrics. */
export interface OwnSample {
  labels: Record<string, string>;
  value: number;
}

/** Headroom's own /metrics, parsed. */
export async function ownMetrics(url: string, cookie: string, timeoutMs = 60_000): Promise<OwnSample[]> {
  const res = await fetch(`${url}/metrics`, { headers: { cookie }, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`/metrics: ${res.status}`);
  const e = parseExposition(await res.text());
  return Array.from({ length: e.length }, (_, i) => ({ labels: { ...e.labels(i) }, value: e.value(i) }));
}

/** Sum of the samples named `name` whose labels include `match`. */
export function metricSum(m: OwnSample[], name: string, match: Record<string, string> = {}): number {
  let total = 0;
  for (const s of m) {
    if (s.labels.__name__ !== name) continue;
    if (Object.entries(match).every(([k, v]) => s.labels[k] === v)) total += s.value;
  }
  return total;
}

/** Bytes of the files under a directory. */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}
