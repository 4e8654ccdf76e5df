import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { BenchRecorder, loadLevelRecords, readRun, startBenchRun, type RunProgress } from "@/lib/bench";
import { startFakeOpenAiServer, type FakeServer } from "@/lib/bench/testing";
import type { Runtime } from "@/lib/runtime";
import { SecretBox } from "@/lib/secrets";
import { benchJob } from "./bench";

const secrets = new SecretBox("bench-job-secret-key-with-32-characters!");
let server: FakeServer;
beforeAll(async () => {
  // Two requests generate at once, ~30 ms each: concurrency 4 waits in line and misses ttft:25.
  server = await startFakeOpenAiServer({ ttftMs: 10, itlMs: 5, parallel: 2 });
});
afterAll(() => server.close());

describe.each(testDatabases())("bench job on $kind", (kind) => {
  let h: DbHandle;
  let rt: Runtime;
  beforeAll(async () => {
    h = await kind.open();
    rt = { database: h, secrets } as unknown as Runtime;
  });
  afterAll(() => h.close());

  it("claims a queued run, runs it against a loopback server with progress, and stores the result", async () => {
    const id = await startBenchRun(
      { target: server.url, concurrency: "1,2,4", requests: 40, inputTokens: 8, outputTokens: 5, goodput: "ttft:25", apiKey: "sk-job-test" },
      { db: h.db, secrets, dataDir: "/nonexistent", actor: { id: "u1", label: "ed@example.com" }, now: new Date() },
    );
    // A run whose worker died long ago: the job closes it before claiming anything.
    const dead = await BenchRecorder.start(h.db, { target: "gone", model: null, config: {}, now: () => new Date(Date.now() - 600_000), heartbeatMs: 3_600_000 });
    const logs: string[] = [];
    const stop = new AbortController();
    const job = benchJob(rt, (l) => logs.push(l)).run({ signal: stop.signal, now: Date.now() });

    let seen: RunProgress | null = null;
    let done = null;
    for (let i = 0; i < 200 && !done; i++) {
      const run = (await readRun(h.db, id, new Date()))!;
      if (run.state === "running" && run.progress) seen = run.progress;
      if (run.state !== "queued" && run.state !== "running") done = run;
      else await new Promise((r) => setTimeout(r, 100));
    }
    stop.abort();
    await job;

    expect(done).toMatchObject({ state: "done", model: "fake-model", target: `${server.url}/v1/completions`, hasApiKey: false, requestedBy: "ed@example.com", synthetic: false });
    expect(done!.levelResults.map((l) => [l.label, l.summary.completed])).toEqual([
      ["concurrency 1", 40],
      ["concurrency 2", 40],
      ["concurrency 4", 40],
    ]);
    expect(done!.capacity).toMatchObject({ kind: "concurrency", load: 2, slo: { ttftMs: 25 } });
    expect(done!.capacityReason).toMatch(/concurrency 2 meets ttft:25/);
    expect(await loadLevelRecords(h.db, id, 2)).toHaveLength(40);
    expect(seen).toMatchObject({ phase: "running", levels: 3 });
    expect(seen!.completedRequests).toBeGreaterThan(0);
    // The API key reached the server and nothing else.
    expect(server.served.at(-1)!.authorization).toBe("Bearer sk-job-test");
    expect(JSON.stringify(await readRun(h.db, id, new Date()))).not.toContain("sk-job-test");
    expect((await readRun(h.db, dead.id, new Date()))!).toMatchObject({ state: "failed", error: expect.stringMatching(/^interrupted/) });
    expect(logs).toContain(`bench: run ${id} done`);
  });

  it("returns soon after the runner stops it while idle", async () => {
    const stop = new AbortController();
    const t = Date.now();
    const job = benchJob(rt, () => {}).run({ signal: stop.signal, now: t });
    await new Promise((r) => setTimeout(r, 200));
    stop.abort();
    await job;
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  it("has a lease shorter than its interval, so another worker takes over soon", () => {
    const spec = benchJob(rt);
    expect(spec).toMatchObject({ name: "bench", intervalMs: 60_000, leaseMs: 20_000 });
  });
});
