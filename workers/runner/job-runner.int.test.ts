import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { queryRows, type DbHandle } from "@/db/client";
import { jobLeases, jobRuns } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import { dbLeaseStore, dbRunLog, JobRunner, type JobSpec, type RunOutcome } from "./index";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runner(h: DbHandle, holder: string, jobs: JobSpec[], outcomes: RunOutcome[] = []) {
  return new JobRunner(jobs, {
    holder,
    leases: dbLeaseStore(h.db),
    log: dbRunLog(h.db),
    observer: { onRun: (_job, outcome) => outcomes.push(outcome) },
  });
}

async function runs(h: DbHandle, job: string) {
  return h.db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(asc(jobRuns.id));
}

describe.each(testDatabases())("JobRunner on $kind", ({ open }) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await open();
  });
  afterEach(async () => {
    await h.close();
  });

  it("with catchUp, starts the next run as soon as an overrunning one ends, still one at a time", async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const starts: number[] = [];
    const ends: number[] = [];
    const r = runner(h, "a", [
      {
        name: "long",
        intervalMs: 300,
        catchUp: true,
        async run() {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          starts.push(Date.now());
          await sleep(330); // overruns its interval, as a scrape run does when the database is slow
          ends.push(Date.now());
          concurrent--;
        },
      },
    ]);
    r.start();
    await sleep(1_600);
    await r.stop(2000);
    expect(maxConcurrent).toBe(1);
    // Without catch-up the tick during each run is skipped and a whole interval is lost each time.
    expect(starts.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - ends[i - 1]).toBeLessThan(150);
  });

  it("never overlaps runs of one job: a tick that finds it running is skipped", async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const outcomes: RunOutcome[] = [];
    const r = runner(h, "a", [
      {
        name: "slow",
        intervalMs: 20,
        async run() {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          await sleep(120);
          concurrent--;
        },
      },
    ], outcomes);
    // Two ticks in the same turn: the second must see the first.
    const [first, second] = await Promise.all([r.tick("slow"), r.tick("slow")]);
    expect([first, second]).toEqual(["ok", "skipped-overlap"]);
    r.start();
    await sleep(500);
    await r.stop(2000);
    expect(maxConcurrent).toBe(1);
    expect(outcomes.filter((o) => o === "skipped-overlap").length).toBeGreaterThan(2);
    const recorded = await runs(h, "slow");
    expect(recorded.length).toBe(outcomes.filter((o) => o === "ok").length);
    expect(recorded.every((row) => row.outcome === "ok" && row.finishedAt !== null)).toBe(true);
  });

  it("lets only the lease holder of two runners run a job, and hands over on release", async () => {
    const ranBy: string[] = [];
    const spec = (holder: string): JobSpec => ({
      name: "shared",
      intervalMs: 1000,
      async run() {
        ranBy.push(holder);
      },
    });
    const a = runner(h, "runner-a", [spec("a")]);
    const b = runner(h, "runner-b", [spec("b")]);
    for (let i = 0; i < 5; i++) {
      const [oa, ob] = await Promise.all([a.tick("shared"), b.tick("shared")]);
      expect([oa, ob].sort()).toEqual(["ok", "skipped-lease"]);
    }
    expect(new Set(ranBy).size).toBe(1);
    const winner = ranBy[0];
    const [lease] = await h.db.select().from(jobLeases).where(eq(jobLeases.job, "shared"));
    expect(lease.holder).toBe(winner === "a" ? "runner-a" : "runner-b");
    // The holder stops cleanly: its lease goes, and the other runner takes over at once.
    const [holderRunner, other] = winner === "a" ? [a, b] : [b, a];
    await holderRunner.stop();
    expect(await other.tick("shared")).toBe("ok");
    expect(ranBy.at(-1)).toBe(winner === "a" ? "b" : "a");
    await other.stop();
  });

  it("takes over a lease that a crashed holder left behind once it expires", async () => {
    const spec: JobSpec = { name: "orphan", intervalMs: 50, leaseMs: 400, async run() {} };
    const crashed = runner(h, "crashed", [spec]);
    const survivor = runner(h, "survivor", [spec]);
    expect(await crashed.tick("orphan")).toBe("ok"); // never stopped: its lease stays until expiry
    expect(await survivor.tick("orphan")).toBe("skipped-lease");
    await sleep(500);
    expect(await survivor.tick("orphan")).toBe("ok");
    await survivor.stop();
  });

  it("records a failing run with its error and retries on the next tick", async () => {
    let attempt = 0;
    const outcomes: RunOutcome[] = [];
    const r = runner(h, "a", [
      {
        name: "flaky",
        intervalMs: 40,
        async run() {
          attempt++;
          if (attempt === 1) throw new Error("target unreachable");
        },
      },
    ], outcomes);
    r.start();
    await sleep(200);
    await r.stop();
    const recorded = await runs(h, "flaky");
    expect(recorded[0].outcome).toBe("error");
    expect(recorded[0].error).toBe("target unreachable");
    expect(recorded[1].outcome).toBe("ok");
    expect(outcomes.slice(0, 2)).toEqual(["error", "ok"]);
    expect(attempt).toBeGreaterThanOrEqual(2);
  });

  it("stops cleanly: a job honouring its signal is abandoned and its transaction rolled back", async () => {
    await h.db.execute(sql`CREATE TABLE side_effects (v int)`);
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const r = runner(h, "a", [
      {
        name: "careful",
        intervalMs: 60_000,
        async run({ signal }) {
          await h.db.transaction(async (tx) => {
            await tx.execute(sql`INSERT INTO side_effects VALUES (1)`);
            entered();
            await new Promise<void>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
          });
        },
      },
    ]);
    r.start();
    await inside;
    await r.stop(2000);
    expect((await runs(h, "careful")).map((x) => x.outcome)).toEqual(["abandoned"]);
    const [{ n }] = await queryRows<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM side_effects`);
    expect(Number(n)).toBe(0);
    expect(await h.db.select().from(jobLeases)).toEqual([]);
    await sleep(100);
    expect((await runs(h, "careful")).length).toBe(1); // nothing is scheduled after stop
  });

  it("stops within the grace period even when a job ignores its signal, recording it abandoned", async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const r = runner(h, "a", [
      {
        name: "stubborn",
        intervalMs: 60_000,
        async run() {
          started();
          await sleep(3000);
        },
      },
    ]);
    r.start();
    await running;
    const t0 = Date.now();
    await r.stop(300);
    expect(Date.now() - t0).toBeLessThan(1500);
    const recorded = await runs(h, "stubborn");
    expect(recorded.map((x) => x.outcome)).toEqual(["abandoned"]);
    expect(recorded[0].error).toMatch(/still running/);
    expect(await h.db.select().from(jobLeases)).toEqual([]);
  });
});
