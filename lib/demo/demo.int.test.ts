import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { openDb } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { loadConfig } from "@/lib/config";
import { createRuntime, type Runtime } from "@/lib/runtime";
import { addDbTarget } from "@/lib/scrape";
import { dbLeaseStore, dbRunLog, JobRunner } from "@/workers/runner";
import { demoJob } from "@/workers/jobs/demo";
import { scrapeJob } from "@/workers/jobs/scrape";
import { DEFAULT_SHAPE, DemoRunner, listDemoTargets, type LoadShape } from "./index";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The process and its live descendants, from /proc. */
function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* exited */
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  return out.filter((p) => parent.has(p));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Fast enough to see a burst within seconds: a burst of 2 s in every 4 s slot, half failing.
const FAST: LoadShape = {
  ...DEFAULT_SHAPE,
  minRps: 6,
  maxRps: 6,
  bursts: { slotMs: 4000, chance: 1, minDurationMs: 2000, maxDurationMs: 2000, minRatio: 0.5, maxRatio: 0.5, seed: 3 },
};

// The demo as the workers run it: the demo job and the scrape job under one JobRunner.
describe.each(testDatabases())("demo traffic on $kind", ({ open }) => {
  let h: DbHandle;
  let rt: Runtime;
  let runner: JobRunner;
  let demo: DemoRunner;
  let dataDir: string;
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  const cwd = process.cwd();

  const startRunner = () => {
    demo = new DemoRunner({ db: h.db, dataDir, cliPath: path.join(cwd, "bin", "headroom.mjs"), cwd, shape: FAST, scrapeIntervalMs: 1000, log });
    runner = new JobRunner([scrapeJob(rt, log, "/"), demoJob(rt, { runner: demo, checkMs: 300, log })], {
      holder: "test",
      leases: dbLeaseStore(h.db),
      log: dbRunLog(h.db),
    });
    runner.start();
  };

  beforeAll(async () => {
    h = await open();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-demo-"));
    rt = createRuntime(loadConfig({ HEADROOM_DATA_DIR: dataDir }, "/nonexistent"), h);
    expect(rt.config.demo.enabled).toBe(true);
    startRunner();
  });
  afterAll(async () => {
    await runner?.stop(10_000);
    await demo?.stop();
    await h?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const series = (name: string, extra: { name: string; value: string }[] = []) =>
    rt.tsdb.select([{ type: "=", name: "__name__", value: name }, { type: "=", name: "demo", value: "true" }, ...extra.map((m) => ({ type: "=" as const, ...m }))], 0, Date.now() + 1000);

  it("serves, scrapes and loads the demo model; bursts give real 5xx counted by the server", async () => {
    const t0 = Date.now();
    const gen = await until("demo samples in the store", async () => {
      const s = await series("vllm:generation_tokens_total");
      return s.length > 0 && s[0].values.some((v) => v > 0) ? s : null;
    });
    expect(gen[0].labels).toMatchObject({ job: "headroom-demo", instance: "headroom-demo", demo: "true", model_name: "headroom-demo" });
    expect(Date.now() - t0).toBeLessThan(40_000);
    expect(fs.existsSync(path.join(dataDir, "demo", "model.gguf"))).toBe(true);
    expect(await listDemoTargets(h.db)).toHaveLength(1);

    // The server's own count of 5xx answers, as scraped into the store.
    const errors = await until("scraped 5xx counts", async () => {
      const s = await series("http_requests_total", [{ name: "status", value: "5xx" }]);
      return s.length > 0 && Math.max(...s[0].values) > 0 ? s : null;
    });
    expect(errors[0].labels.handler).toBe("/v1/chat/completions");
    const stats = demo.stats!;
    expect(stats.byStatus["5xx"]).toBeGreaterThan(0);
    expect(stats.byStatus["2xx"]).toBeGreaterThan(0);
    expect(stats.injectedFaults).toBeGreaterThanOrEqual(stats.byStatus["5xx"]);
    for (const name of ["vllm:time_to_first_token_seconds_bucket", "vllm:e2e_request_latency_seconds_count", "vllm:num_requests_running"]) {
      expect((await series(name)).length, name).toBeGreaterThan(0);
    }
  });

  it("survives a restart: the model is reused and there is still one demo target", async () => {
    const model = path.join(dataDir, "demo", "model.gguf");
    const mtime = fs.statSync(model).mtimeMs;
    const oldPid = demo.serverInfo!.pid;
    await runner.stop(10_000);
    expect(demo.running).toBe(false);
    await until("the old server to exit", async () => !alive(oldPid));
    expect(await listDemoTargets(h.db)).toHaveLength(1); // kept across the restart
    startRunner();
    await until("the demo to run again", async () => demo.running);
    expect(fs.statSync(model).mtimeMs).toBe(mtime);
    expect(await listDemoTargets(h.db)).toHaveLength(1);
    expect(lines.filter((l) => l.includes("wrote"))).toHaveLength(1);
  });

  it("turns off when the operator adds a target: target removed, load stopped, processes gone", async () => {
    const info = await until("the demo to run", async () => demo.serverInfo);
    const tree = await until("the model process", async () => {
      const t = processTree(info.pid);
      return t.length >= 2 ? t : null;
    });
    await addDbTarget(h.db, { job: "vllm", url: "http://127.0.0.1:9/metrics", labels: {}, interval: null });
    await until("the demo to stop", async () => !demo.running && (await listDemoTargets(h.db)).length === 0, 15_000);
    expect(demo.stats).toBeNull();
    await until("its processes to exit", async () => tree.every((pid) => !alive(pid)), 10_000);
    expect(lines.some((l) => /demo: off: 1 target added on the Targets page/.test(l))).toBe(true);
    // The data scraped while it ran stays.
    expect((await series("vllm:generation_tokens_total")).length).toBeGreaterThan(0);
  });
});

describe("a damaged demo model", () => {
  it("fails the start, is deleted, and is written afresh by the next start", async () => {
    const h = await openDb({});
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-demo-bad-"));
    const demo = new DemoRunner({ db: h.db, dataDir, cliPath: path.join(process.cwd(), "bin", "headroom.mjs"), cwd: process.cwd(), shape: FAST });
    try {
      fs.mkdirSync(path.dirname(demo.modelFile), { recursive: true });
      fs.writeFileSync(demo.modelFile, "not a model");
      await expect(demo.start()).rejects.toThrow(/gguf/i);
      expect(fs.existsSync(demo.modelFile)).toBe(false);
      expect(await listDemoTargets(h.db)).toEqual([]);
      await demo.start();
      expect(demo.running).toBe(true);
      expect(fs.statSync(demo.modelFile).size).toBeGreaterThan(10_000);
    } finally {
      await demo.stop();
      await h.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
