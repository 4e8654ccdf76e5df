import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { getBenchRun, listBenchRuns } from "@/lib/bench";
import { writeSyntheticModel } from "@/lib/inference";
import { startFakeOpenAiServer, type FakeServer } from "@/lib/bench/testing";
import { main } from "../cli";
import { captureCli } from "../testing";
import { runBenchCommand, type BenchOptions } from "./bench";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-cli-bench-"));
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ ttftMs: 5, itlMs: 1, refuse: (n) => (n >= 1000 ? 500 : null) });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const { io } = captureCli();
const run = (...args: string[]) => main(["node", "headroom", "bench", "--target", server.url, "--no-store", ...args]);

describe("headroom bench against a loopback server", () => {
  it("prints the table, progress on stderr and writes the JSON result", async () => {
    const json = path.join(dir, "result.json");
    expect(await run("--concurrency", "1,2", "--requests", "10", "--output-tokens", "4", "--goodput", "ttft:500", "--json", json)).toBe(0);
    expect(io.out).toMatch(/^level +ok +fail +req\/s +out tok\/s +TTFT p50/);
    expect(io.out).toMatch(/\nconcurrency 1 +10 +0 /);
    expect(io.out).toMatch(/\nconcurrency 2 +10 +0 /);
    expect(io.out).toMatch(/\ncapacity: at least concurrency 2 → [\d.]+ req\/s/);
    expect(io.err).toContain("benchmarking fake-model at");
    expect(io.err).toMatch(/\[2\/2\] concurrency 2 \[#{20}\] 10\/10 req, 0 in flight, .* -> [\d.]+ req\/s, TTFT p50/);
    expect(io.err).not.toContain("\r"); // not a terminal: plain lines
    const doc = JSON.parse(fs.readFileSync(json, "utf8"));
    expect(doc).toMatchObject({ version: 1, runId: null, status: "done", model: "fake-model", config: { goodput: "ttft:500", inputTokens: 256, outputTokens: 4 } });
    expect(doc.levels.map((l: { label: string }) => l.label)).toEqual(["concurrency 1", "concurrency 2"]);
    expect(doc.levels[0].summary).toMatchObject({ completed: 10, failed: 0, outputTokens: 40 });
    expect(doc.capacity).toMatchObject({ kind: "concurrency", load: 2, atSweepTop: true });
    expect(fs.existsSync(`${json}.partial`)).toBe(false);
  });

  it("writes JSON to standard output instead of the table with --json -", async () => {
    expect(await run("--rate", "50,inf", "--requests", "5", "--output-tokens", "2", "--json", "-")).toBe(0);
    const doc = JSON.parse(io.out);
    expect(doc.levels.map((l: { load: number | string }) => l.load)).toEqual([50, "inf"]);
    expect(doc.config.levels[1]).toEqual({ kind: "rate", rate: "inf", burstiness: 1, maxConcurrency: null });
  });

  it("replays a trace file", async () => {
    const trace = path.join(dir, "trace.csv");
    fs.writeFileSync(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,30,3\n2023-11-16 18:15:46.78,40,5\n2023-11-16 18:15:46.88,50,2\n");
    expect(await run("--trace", trace, "--time-scale", "0.5", "--json", "-")).toBe(0);
    const doc = JSON.parse(io.out);
    expect(doc.levels[0]).toMatchObject({ label: "trace ×0.5", stopReason: "trace-end", summary: { completed: 3, outputTokens: 10 } });
    expect(doc.config.trace).toEqual({ file: trace, requests: 3 });
  });

  it("exits 1 when every request failed, after printing what happened", async () => {
    const failing = await startFakeOpenAiServer({ refuse: () => 500 });
    const code = await main(["node", "headroom", "bench", "--target", failing.url, "--no-store", "--requests", "4", "--model", "m"]);
    await failing.close();
    expect(code).toBe(1);
    expect(io.out).toContain("failures: http_500 ×4");
    expect(io.err).toContain("headroom: every request failed (http_500 ×4)\n");
  });

  it("benchmarks a local GGUF model, queueing beyond --parallel", async () => {
    const model = path.join(dir, "tiny.gguf");
    await writeSyntheticModel(model, { type: "q8_0", dim: 64, layers: 2, heads: 4, kvHeads: 2, ff: 128, vocab: 320, ctx: 256, seed: 1 });
    const code = await main(["node", "headroom", "bench", "--target", model, "--parallel", "2", "--threads", "1", "--concurrency", "1,4", "--requests", "6", "--input-tokens", "8", "--output-tokens", "5", "--no-store", "--json", "-"]);
    expect(io.err).toContain(`loading ${model} (parallel 2)`);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out);
    expect(doc).toMatchObject({ target: model, model: expect.any(String), status: "done" });
    for (const l of doc.levels) expect(l.summary).toMatchObject({ completed: 6, failed: 0, outputTokens: 30 });
    // four requests on two sequences: half of them wait, so the first token comes later
    expect(doc.levels[1].summary.ttftMs.median).toBeGreaterThan(doc.levels[0].summary.ttftMs.median);
    io.out = io.err = "";
    expect(await main(["node", "headroom", "bench", "--target", model, "--threads", "1", "--requests", "2", "--input-tokens", "8", "--output-tokens", "50", "--timeout", "0.0001", "--no-store"])).toBe(1);
    expect(io.err).toContain("headroom: every request failed (timeout ×2)");
  });

  it("names a missing model file and refuses URL-only or GGUF-only flags", async () => {
    expect(await main(["node", "headroom", "bench", "--target", path.join(dir, "absent.gguf"), "--no-store"])).toBe(1);
    expect(io.err).toContain(`headroom: model ${path.join(dir, "absent.gguf")}: no such file\n`);
    io.err = "";
    expect(await main(["node", "headroom", "bench", "--target", path.join(dir, "absent.gguf"), "--endpoint", "chat"])).toBe(1);
    expect(io.err).toBe("headroom: --endpoint: applies to URL targets only\n");
    io.err = "";
    expect(await run("--parallel", "4")).toBe(1);
    expect(io.err).toBe("headroom: --parallel: applies to .gguf targets only\n");
  });
});

describe.each(testDatabases())("headroom bench storing on $kind", (kind) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await kind.open();
  });
  afterAll(() => h.close());

  const base: BenchOptions = { target: "", timeout: "30", store: true, records: true, outputTokens: "3", requests: "6" };
  const deps = (signal?: AbortSignal) => ({
    stdout: { write: (s: string) => (io.out += s) },
    stderr: { write: (s: string) => (io.err += s) },
    env: {},
    // The command closes what it opened; this handle stays open for the assertions.
    openDatabase: async () => ({ ...h, close: async () => {} }),
    signal,
  });

  it("stores the run as it goes and finishes it with summary and capacity", async () => {
    expect(await runBenchCommand({ ...base, target: server.url, concurrency: "1,3", goodput: "e2el:5000" }, deps())).toBe(0);
    const id = Number(/\(run (\d+)\)/.exec(io.err)![1]);
    const stored = (await getBenchRun(h.db, id, new Date()))!;
    expect(stored.run).toMatchObject({ status: "done", model: "fake-model", capacity: { kind: "concurrency", load: 3 } });
    expect(stored.levels.map((l) => [l.label, l.summary.completed, l.hasRecords])).toEqual([
      ["concurrency 1", 6, true],
      ["concurrency 3", 6, true],
    ]);
  });

  it("marks a run on a model Headroom synthesised as synthetic weights", async () => {
    const model = path.join(os.tmpdir(), `headroom-bench-synth-${process.pid}-${kind.kind}.gguf`);
    await writeSyntheticModel(model, { type: "q4_0", dim: 64, layers: 2, heads: 4, kvHeads: 2, ff: 128, vocab: 320, ctx: 256, seed: 2 });
    try {
      expect(await runBenchCommand({ ...base, target: model, threads: "1", requests: "2", inputTokens: "8" }, deps())).toBe(0);
      const id = Number(/\(run (\d+)\)/.exec(io.err)![1]);
      expect((await getBenchRun(h.db, id, new Date()))!.run).toMatchObject({ status: "done", synthetic: true });
    } finally {
      fs.rmSync(model, { force: true });
    }
  });

  it("stores a canceled run as canceled and exits 130", async () => {
    const slow = await startFakeOpenAiServer({ ttftMs: 2000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const code = await runBenchCommand({ ...base, target: slow.url, model: "slow", concurrency: "2" }, deps(ac.signal));
    await slow.close();
    expect(code).toBe(130);
    expect(io.err).toContain("headroom: canceled");
    const runs = await listBenchRuns(h.db, { now: new Date() });
    expect(runs.find((r) => r.model === "slow")).toMatchObject({ status: "canceled", state: "canceled", summary: null });
  });
});
