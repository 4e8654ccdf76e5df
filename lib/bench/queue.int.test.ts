import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { writeSyntheticModel } from "@/lib/inference";
import { SecretBox } from "@/lib/secrets";
import { cancelBenchRun, claimBenchRun } from "./queue";
import { runQueuedBench } from "./run-queued";
import { BenchInputError } from "./request-input";
import { readRun, startBenchRun } from "./service";
import { getBenchRun } from "./store";
import { startFakeOpenAiServer, type FakeServer } from "./testing";

const secrets = new SecretBox("queue-test-secret-key-with-32-characters");
let server: FakeServer;
beforeAll(async () => {
  // ~30 ms a request (10 ms to the first of 5 chunks, 5 ms apart), one at a time.
  server = await startFakeOpenAiServer({ ttftMs: 10, itlMs: 5, parallel: 1 });
});
afterAll(() => server.close());

describe.each(testDatabases())("bench queue on $kind", (kind) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await kind.open();
  });
  afterAll(() => h.close());

  const start = (body: Record<string, unknown>, box: SecretBox | null = secrets) =>
    startBenchRun({ target: server.url, outputTokens: 5, inputTokens: 8, ...body }, { db: h.db, secrets: box, dataDir: "/nonexistent", actor: SYSTEM_ACTOR, now: new Date() });

  it("hands each queued run to exactly one of many concurrent claimers", async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => start({ concurrency: 1, requests: 1 })));
    const claims = await Promise.all(Array.from({ length: 24 }, () => claimBenchRun(h.db, new Date())));
    const claimed = claims.filter((c) => c !== null).map((c) => c!.id);
    expect(claimed.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(await claimBenchRun(h.db, new Date())).toBeNull();
    for (const id of ids) expect((await readRun(h.db, id, new Date()))!.state).toBe("running");
    for (const id of ids) await cancelBenchRun(h.db, id, new Date(Date.now() + 3_600_000)); // close them as orphans
  });

  it("cancels a queued run at once; a worker then finds nothing to claim", async () => {
    const id = await start({ concurrency: 1, apiKey: "sk-queued" });
    expect((await getBenchRun(h.db, id, new Date()))!.run.hasApiKey).toBe(true);
    expect(await cancelBenchRun(h.db, id, new Date())).toBe("canceled");
    const run = (await getBenchRun(h.db, id, new Date()))!.run;
    expect(run).toMatchObject({ status: "canceled", error: "canceled before it started", hasApiKey: false });
    expect(await claimBenchRun(h.db, new Date())).toBeNull();
    expect(await cancelBenchRun(h.db, id, new Date())).toBe("finished");
    expect(await cancelBenchRun(h.db, 999_999, new Date())).toBe("missing");
  });

  it("stops a running run within a pulse of the cancel request, keeping finished levels", async () => {
    const id = await start({ concurrency: "1,2", requests: 2000 });
    const claimed = (await claimBenchRun(h.db, new Date()))!;
    expect(claimed.id).toBe(id);
    const running = runQueuedBench(claimed, { db: h.db, secrets, signal: new AbortController().signal, pulseMs: 50 });
    for (let i = 0; i < 100; i++) {
      const p = (await readRun(h.db, id, new Date()))!.progress;
      if (p && p.completedRequests >= 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const progress = (await readRun(h.db, id, new Date()))!.progress!;
    expect(progress).toMatchObject({ phase: "running", level: 0, levels: 2, label: "concurrency 1", levelGoalRequests: 2000 });
    expect(progress.completedRequests).toBeGreaterThanOrEqual(3);
    const askedAt = Date.now();
    expect(await cancelBenchRun(h.db, id, new Date())).toBe("requested");
    expect(await running).toBe("canceled");
    expect(Date.now() - askedAt).toBeLessThan(2_000);
    const run = (await readRun(h.db, id, new Date()))!;
    expect(run).toMatchObject({ state: "canceled", error: "canceled", capacity: null, cancelRequested: true, model: "fake-model" });
  });

  it("closes a run as failed, not canceled, when the worker itself stops", async () => {
    const id = await start({ concurrency: 1, requests: 2000 });
    const stop = new AbortController();
    const running = runQueuedBench((await claimBenchRun(h.db, new Date()))!, { db: h.db, secrets, signal: stop.signal, pulseMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    stop.abort();
    expect(await running).toBe("failed");
    expect((await readRun(h.db, id, new Date()))!).toMatchObject({ state: "failed", error: "interrupted: the worker process stopped" });
  });

  it("fails a run whose target cannot be reached, saying why", async () => {
    const id = await startBenchRun({ target: "http://127.0.0.1:9", concurrency: 1 }, { db: h.db, secrets, dataDir: "/x", actor: SYSTEM_ACTOR, now: new Date() });
    expect(await runQueuedBench((await claimBenchRun(h.db, new Date()))!, { db: h.db, secrets, signal: new AbortController().signal })).toBe("failed");
    expect((await readRun(h.db, id, new Date()))!.error).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9\/v1\/models: .*ECONNREFUSED/);
  });

  it("refuses an API key when secrets cannot be stored", async () => {
    await expect(start({ concurrency: 1, apiKey: "sk" }, null)).rejects.toThrow(BenchInputError);
    await expect(start({ concurrency: 1, apiKey: "sk" }, null)).rejects.toThrow(/^apiKey: set HEADROOM_SECRET_KEY/);
  });
});

describe("a queued GGUF run", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-bench-gguf-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("loads a model from the models folder, runs it, and marks synthetic weights", async () => {
    fs.mkdirSync(path.join(dataDir, "models"));
    await writeSyntheticModel(path.join(dataDir, "models", "tiny.gguf"), { type: "q8_0", dim: 64, layers: 2, heads: 4, kvHeads: 2, ff: 128, vocab: 320, ctx: 256, seed: 1 });
    const h = await openDb({});
    try {
      const body = { target: "tiny.gguf", concurrency: 1, requests: 3, inputTokens: 8, outputTokens: 4, threads: 1, ctx: 128 };
      const id = await startBenchRun(body, { db: h.db, secrets: null, dataDir, actor: SYSTEM_ACTOR, now: new Date() });
      expect(await runQueuedBench((await claimBenchRun(h.db, new Date()))!, { db: h.db, secrets: null, signal: new AbortController().signal })).toBe("done");
      const run = (await readRun(h.db, id, new Date()))!;
      expect(run).toMatchObject({ state: "done", synthetic: true, target: path.join(dataDir, "models", "tiny.gguf"), model: expect.stringMatching(/^synthetic-llama-d64-l2-q8_0$/) });
      expect(run.levelResults[0].summary).toMatchObject({ completed: 3, failed: 0, outputTokens: 12 });
    } finally {
      await h.close();
    }
  });
});
