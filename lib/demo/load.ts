/**
 * The demo's background load: short streamed chat completions sent as a Poisson process at the
 * rate the load shape gives for the moment, a share of them asking the server (started with
 * fault injection) to fail during error bursts, and a few malformed on purpose.
 */
import { PromptSource } from "@/lib/bench";
import { errorRatio, nextGapMs, requestRate, type LoadShape } from "./load-shape";

/** What the load has done so far. */
export interface LoadStats {
  sent: number;
  /** Answers by status class: "2xx", "4xx", "5xx". */
  byStatus: Record<string, number>;
  /** Requests that got no answer (connection refused, reset, aborted). */
  networkErrors: number;
  /** Arrivals skipped because `maxInFlight` requests were still open. */
  skipped: number;
  injectedFaults: number;
}

/** Options of DemoLoad. */
export interface DemoLoadOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8000. */
  url: string;
  model: string;
  shape: LoadShape;
  maxInFlight?: number;
  now?: () => number;
  random?: () => number;
}

/** Sends the demo's requests until stopped. */
export class DemoLoad {
  readonly stats: LoadStats = { sent: 0, byStatus: {}, networkErrors: 0, skipped: 0, injectedFaults: 0 };
  private readonly controller = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly prompts = new PromptSource(11, 4096);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly o: DemoLoadOptions) {
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
  }

  /** Schedules the first request. */
  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.controller.signal.aborted) return;
    const gap = nextGapMs(requestRate(this.o.shape, this.now()), this.random());
    // A rate of zero waits a minute and looks again.
    this.timer = setTimeout(() => {
      this.timer = null;
      if (Number.isFinite(gap)) this.fire();
      this.schedule();
    }, Math.min(gap, 60_000));
  }

  private fire(): void {
    if (this.inFlight.size >= (this.o.maxInFlight ?? 4)) {
      this.stats.skipped++;
      return;
    }
    const p = this.send().finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async send(): Promise<void> {
    const index = this.stats.sent++;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.random() < errorRatio(this.o.shape, this.now())) {
      headers["x-headroom-fault"] = this.random() < 0.8 ? "500" : "503";
      this.stats.injectedFaults++;
    }
    const bad = this.random() < this.o.shape.badRequestRatio;
    const body = {
      // A model the server does not serve: a real 404, as a client with a stale name would get.
      model: bad ? `${this.o.model}-retired` : this.o.model,
      messages: [{ role: "user", content: this.prompts.prompt(4 + Math.floor(this.random() * 20), index) }],
      max_tokens: 4 + Math.floor(this.random() * 20),
      ignore_eos: true,
      stream: true,
      stream_options: { include_usage: true },
    };
    try {
      const res = await fetch(`${this.o.url}/v1/chat/completions`, { method: "POST", headers, body: JSON.stringify(body), signal: this.controller.signal });
      await res.arrayBuffer();
      const cls = `${Math.floor(res.status / 100)}xx`;
      this.stats.byStatus[cls] = (this.stats.byStatus[cls] ?? 0) + 1;
    } catch {
      this.stats.networkErrors++;
    }
  }

  /** Stops sending, aborts the requests still open and waits for them to settle. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.controller.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
