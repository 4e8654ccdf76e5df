import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { OpenAiTarget } from "./openai-target";
import { PLAN_DEFAULTS, planConfig, type BenchPlan } from "./plan";
import { runBench } from "./run";
import { BenchRecorder, getBenchRun, latestCapacity, listBenchRuns, loadLevelRecords, markInterruptedRuns, runState } from "./store";
import { startFakeOpenAiServer, type FakeServer } from "./testing";

const plan: BenchPlan = {
  ...PLAN_DEFAULTS,
  levels: [
    { kind: "concurrency", concurrency: 1 },
    { kind: "concurrency", concurrency: 4 },
  ],
  inputTokens: 8,
  outputTokens: 4,
  slo: { ttftMs: 30 },
  stop: { ...PLAN_DEFAULTS.stop, requests: 12 },
};

let server: FakeServer;
beforeAll(async () => {
  // One request at a time, ~25 ms each: concurrency 4 queues and misses the 30 ms TTFT objective.
  server = await startFakeOpenAiServer({ parallel: 1, ttftMs: 10, itlMs: 5 });
});
afterAll(() => server.close());

describe.each(testDatabases())("bench store on $kind", (kind) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await kind.open();
  });
  afterAll(() => h.close());

  it("stores a run, its levels, raw records, summary and capacity", async () => {
    const target = new OpenAiTarget({ url: server.url, model: "fake" });
    const rec = await BenchRecorder.start(h.db, { target: target.description, model: target.model, config: planConfig(plan) });
    const running = await getBenchRun(h.db, rec.id, new Date());
    expect(running?.run).toMatchObject({ status: "running", state: "running", summary: null, capacity: null, finishedAt: null });
    const result = await runBench(target, plan, { onLevel: (l) => rec.saveLevel(l) });
    await rec.finish(result);
    await target.close();

    const stored = (await getBenchRun(h.db, rec.id, new Date()))!;
    expect(stored.run).toMatchObject({ status: "done", state: "done", target: `${server.url}/v1/completions`, model: "fake", error: null });
    expect(stored.run.config).toMatchObject({ goodput: "ttft:30", levels: plan.levels });
    expect(stored.run.capacity).toMatchObject({ kind: "concurrency", load: 1, slo: { ttftMs: 30 } });
    expect(stored.run.capacityRps).toBeCloseTo(result.capacity!.capacity!.requestsPerSecond, 9);
    expect(stored.run.summary).toMatchObject({ levels: [{ label: "concurrency 1" }, { label: "concurrency 4" }], capacityReason: expect.stringContaining("concurrency 1 meets") });
    expect(stored.levels.map((l) => [l.position, l.kind, l.load, l.stopReason, l.hasRecords])).toEqual([
      [0, "concurrency", 1, "requests", true],
      [1, "concurrency", 4, "requests", true],
    ]);
    expect(stored.levels[1].summary.completed).toBe(12);
    const records = await loadLevelRecords(h.db, rec.id, 1);
    expect(records).toHaveLength(12);
    expect(records![0].chunkMs).toHaveLength(4);

    const cap = await latestCapacity(h.db, { model: "fake" });
    expect(cap).toMatchObject({ runId: rec.id, load: 1, model: "fake", target: stored.run.target });
    expect(await latestCapacity(h.db, { model: "other" })).toBeNull();
  });

  it("leaves a failed run without a summary, keeping the levels that finished", async () => {
    const target = new OpenAiTarget({ url: server.url, model: "broken" });
    const rec = await BenchRecorder.start(h.db, { target: target.description, model: "broken", config: planConfig(plan), keepRecords: false });
    let levels = 0;
    await expect(
      runBench(target, plan, {
        onLevel: async (l) => {
          await rec.saveLevel(l);
          if (++levels === 1) throw new Error("disk full");
        },
      }).catch(async (err) => {
        await rec.fail(err);
        throw err;
      }),
    ).rejects.toThrow("disk full");
    await target.close();
    const stored = (await getBenchRun(h.db, rec.id, new Date()))!;
    expect(stored.run).toMatchObject({ status: "failed", error: "disk full", summary: null, capacity: null, capacityRps: null });
    expect(stored.run.finishedAt).toBeInstanceOf(Date);
    expect(stored.levels.map((l) => [l.position, l.hasRecords])).toEqual([[0, false]]);
    expect(await loadLevelRecords(h.db, rec.id, 0)).toBeNull();
  });

  it("marks a canceled run canceled, without summary", async () => {
    const rec = await BenchRecorder.start(h.db, { target: "t", model: null, config: {} });
    await rec.finish({ status: "canceled", target: "t", model: null, config: {}, startedAt: 0, finishedAt: 1, levels: [], capacity: null });
    const stored = (await getBenchRun(h.db, rec.id, new Date()))!;
    expect(stored.run).toMatchObject({ status: "canceled", summary: null, capacity: null });
  });

  it("recognises a run whose process died as interrupted", async () => {
    const long = new Date(Date.now() - 10 * 60_000);
    // A recorder whose clock is ten minutes behind: as if its heartbeats stopped back then.
    const rec = await BenchRecorder.start(h.db, { target: "crashed", model: "m", config: {}, now: () => long, heartbeatMs: 3_600_000 });
    const now = new Date();
    const row = (await getBenchRun(h.db, rec.id, now))!.run;
    expect(row.status).toBe("running");
    expect(row.state).toBe("interrupted");
    expect((await listBenchRuns(h.db, { now })).find((r) => r.id === rec.id)?.state).toBe("interrupted");
    expect(await markInterruptedRuns(h.db, now)).toBeGreaterThanOrEqual(1);
    const after = (await getBenchRun(h.db, rec.id, now))!.run;
    expect(after).toMatchObject({ status: "failed", state: "failed", summary: null });
    expect(after.error).toMatch(/^interrupted: no heartbeat since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    // a late finish from the dead process cannot overwrite the verdict
    await rec.fail(new Error("late"));
    expect((await getBenchRun(h.db, rec.id, now))!.run.error).toMatch(/^interrupted/);
  });

  it("moves the heartbeat forward while running", async () => {
    let t = new Date("2030-01-01T00:00:00Z");
    const rec = await BenchRecorder.start(h.db, { target: "hb", model: null, config: {}, now: () => t, heartbeatMs: 3_600_000 });
    t = new Date("2030-01-01T00:00:07Z");
    await rec.heartbeat();
    const row = (await getBenchRun(h.db, rec.id, t))!.run;
    expect(row.heartbeatAt.toISOString()).toBe("2030-01-01T00:00:07.000Z");
    expect(runState(row, new Date("2030-01-01T00:00:20Z"))).toBe("running");
    expect(runState(row, new Date("2030-01-01T00:01:00Z"))).toBe("interrupted");
    await rec.fail("stop");
  });

  it("stores an infinite rate level", async () => {
    const target = new OpenAiTarget({ url: server.url, model: "inf" });
    const p: BenchPlan = { ...plan, slo: null, levels: [{ kind: "rate", rate: Infinity, burstiness: 1 }], stop: { ...plan.stop, requests: 3 } };
    const rec = await BenchRecorder.start(h.db, { target: target.description, model: "inf", config: planConfig(p) });
    const result = await runBench(target, p, { onLevel: (l) => rec.saveLevel(l) });
    await rec.finish(result);
    await target.close();
    const stored = (await getBenchRun(h.db, rec.id, new Date()))!;
    expect(stored.levels[0].load).toBe(Infinity);
    expect(stored.run.config).toMatchObject({ levels: [{ kind: "rate", rate: "inf" }] });
    expect(stored.run).toMatchObject({ status: "done", capacity: null });
  });
});
