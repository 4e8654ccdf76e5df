/**
 * Starts and stops the whole demo: the synthetic model (written once under the data directory),
 * its model server, the scrape target that makes Headroom scrape it, and the background load.
 * Stopping removes the target but keeps everything already scraped.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { DEMO_MODEL } from "./decision";
import { DemoLoad, type LoadStats } from "./load";
import { DEFAULT_SHAPE, type LoadShape } from "./load-shape";
import { ensureDemoModel, startDemoServer, type CliLocation, type DemoServer } from "./server-process";
import { ensureDemoTarget, listDemoTargets, removeDemoTargets } from "./store";

/** What the demo needs. */
export interface DemoRunnerOptions extends CliLocation {
  db: Db;
  /** Headroom's data directory; the model goes to DIR/demo/model.gguf. */
  dataDir: string;
  shape?: LoadShape;
  /** Scrape interval of the demo target; null: the global one. */
  scrapeIntervalMs?: number | null;
  log?: (line: string) => void;
}

/** The demo's parts, started and stopped together. */
export class DemoRunner {
  private server: DemoServer | null = null;
  private load: DemoLoad | null = null;
  private busy: Promise<void> = Promise.resolve();
  private readonly log: (line: string) => void;

  constructor(private readonly o: DemoRunnerOptions) {
    this.log = o.log ?? (() => {});
  }

  /** The model file. */
  get modelFile(): string {
    return path.join(this.o.dataDir, "demo", "model.gguf");
  }

  /** True while the server runs and the load is sent. */
  get running(): boolean {
    return this.server !== null;
  }

  /** The running server (its URL and pid), or null. */
  get serverInfo(): { url: string; pid: number } | null {
    return this.server ? { url: this.server.url, pid: this.server.pid } : null;
  }

  /** The load's counters since the demo last started, or null while stopped. */
  get stats(): LoadStats | null {
    return this.load?.stats ?? null;
  }

  /** Starts the demo unless it runs; calls are serialized with stop(). */
  start(): Promise<void> {
    return this.serialize(async () => {
      if (this.server) return;
      if (await ensureDemoModel(this.o, this.modelFile, DEMO_MODEL)) this.log(`demo: wrote ${this.modelFile}`);
      const server = await this.startServer().catch((err: Error) => {
        // A model file the server cannot read is written afresh on the next start.
        if (/gguf/i.test(err.message)) fs.rmSync(this.modelFile, { force: true });
        throw err;
      });
      await ensureDemoTarget(this.o.db, `${server.url}/metrics`, this.o.scrapeIntervalMs ?? null).catch(async (err) => {
        await server.stop();
        throw err;
      });
      this.server = server;
      this.load = new DemoLoad({ url: server.url, model: DEMO_MODEL, shape: this.o.shape ?? localShape(DEFAULT_SHAPE) });
      this.load.start();
      // A model server that dies on its own is restarted by the next start() of the job.
      void server.exited.then(() => {
        if (this.server !== server) return;
        this.log("demo: the model server exited; restarting it");
        void this.stop({ keepTarget: true });
      });
      this.log(`demo: serving ${DEMO_MODEL} at ${server.url}, sending demo traffic (job="headroom-demo", demo="true")`);
    });
  }

  // The port of the last run when it is still free, so the scrape URL stays the same.
  private async startServer(): Promise<DemoServer> {
    const last = (await listDemoTargets(this.o.db))[0];
    const port = last ? Number(new URL(last.url).port) || 0 : 0;
    const start = (p: number) => startDemoServer({ ...this.o, modelFile: this.modelFile, modelName: DEMO_MODEL, port: p, onLog: (l) => this.log(`demo: ${l}`) });
    if (port === 0) return start(0);
    return start(port).catch(() => start(0));
  }

  /** Stops the load and the server and, unless told to keep it, removes the demo target. */
  stop(opts: { keepTarget?: boolean } = {}): Promise<void> {
    return this.serialize(async () => {
      const { server, load } = this;
      this.server = null;
      this.load = null;
      await load?.stop();
      await server?.stop();
      if (!opts.keepTarget && (await removeDemoTargets(this.o.db)) > 0) this.log("demo: stopped; its target is removed, its data kept");
    });
  }

  private serialize(fn: () => Promise<void>): Promise<void> {
    const next = this.busy.then(fn);
    this.busy = next.catch(() => {});
    return next;
  }
}

/** The shape with the server's own time zone, so the peak falls in its afternoon. */
export function localShape(shape: LoadShape, at = new Date()): LoadShape {
  return { ...shape, utcOffsetMinutes: -at.getTimezoneOffset() };
}
