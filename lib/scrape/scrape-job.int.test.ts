import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { loadConfig, parseConfigText } from "@/lib/config";
import { createRuntime, type Runtime } from "@/lib/runtime";
import { dbLeaseStore, dbRunLog, JobRunner } from "@/workers/runner";
import { scrapeJob } from "@/workers/jobs/scrape";
import { listTargets, scrapeSetup } from "./discovery";
import { nextScrapeAt } from "./schedule";
import { configTargets } from "./targets";
import { startTestServer, type TestServer } from "./test-server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The job as the workers run it: under a JobRunner with a lease, against a real store.
describe.each(testDatabases())("the scrape job on $kind", ({ open }) => {
  let h: DbHandle;
  let rt: Runtime;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ "/fast": { kind: "body", body: "fast_metric 1\n" }, "/hang": { kind: "hang" } });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    h = await open();
    const yaml = [
      "scrape_configs:",
      "  - job_name: fast",
      "    scrape_interval: 200ms",
      "    metrics_path: /fast",
      `    static_configs: [{ targets: ["${server.address}"] }]`,
      "  - job_name: hang",
      "    scrape_interval: 4s",
      "    scrape_timeout: 4s",
      "    metrics_path: /hang",
      `    static_configs: [{ targets: ["${server.address}"] }]`,
    ].join("\n");
    rt = createRuntime({ ...loadConfig({}, "/nonexistent"), ...parseConfigText(yaml, "h.yml") }, h);
  });
  afterEach(async () => {
    await h.close();
  });

  it("scrapes under the runner's lease and aborts a hanging scrape when the runner stops", async () => {
    const lines: string[] = [];
    const runner = new JobRunner([scrapeJob(rt, (l) => lines.push(l), "/")], {
      holder: "test",
      leases: dbLeaseStore(h.db),
      log: dbRunLog(h.db),
    });
    const start = Date.now();
    const hang = configTargets(scrapeSetup(rt.config, "/")).find((t) => t.job === "hang")!;
    const hangStarts = nextScrapeAt(hang.key, 4000, start);
    runner.start();
    // Until the hanging target's first slot has passed: its scrape is now in flight for 4 s.
    await sleep(Math.max(1500, hangStarts - Date.now() + 300));
    const [fast] = await rt.tsdb.select([{ type: "=", name: "__name__", value: "fast_metric" }], start, Date.now());
    expect(fast.timestamps.length).toBeGreaterThanOrEqual(4);
    const jobs = await listTargets(h.db, scrapeSetup(rt.config, "/"), Date.now());
    expect(jobs.find((j) => j.job === "fast")!.targets[0].health).toBe("up");
    expect(server.open()).toBe(1);

    const t0 = Date.now();
    await runner.stop(5000);
    expect(Date.now() - t0).toBeLessThan(1000);
    await sleep(100);
    // The hanging scrape was aborted, not left to time out: no request is open on the server.
    expect(server.open()).toBe(0);
    expect(jobs.find((j) => j.job === "hang")!.targets[0].health).toBe("unknown");
    expect(lines).toEqual([]);
  });
});
