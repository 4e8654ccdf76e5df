import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoLoad } from "./load";
import { DEFAULT_SHAPE, type LoadShape } from "./load-shape";

interface Seen {
  fault: string | undefined;
  body: { model: string; max_tokens: number; stream: boolean; messages: { content: string }[] };
}

// A stand-in server that records requests and answers as told by the fault header.
let server: Server;
let url: string;
const seen: Seen[] = [];
let hold = false;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const fault = req.headers["x-headroom-fault"] as string | undefined;
      seen.push({ fault, body: JSON.parse(raw) });
      if (hold) return; // never answers: the load must abort it on stop()
      res.writeHead(fault ? Number(fault) : 200, { "content-type": "text/event-stream" }).end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const flat = (rps: number, ratio: number): LoadShape => ({
  ...DEFAULT_SHAPE,
  minRps: rps,
  maxRps: rps,
  badRequestRatio: 0,
  bursts: { slotMs: 1000, chance: ratio > 0 ? 1 : 0, minDurationMs: 1000, maxDurationMs: 1000, minRatio: ratio, maxRatio: ratio, seed: 1 },
});

describe("DemoLoad", () => {
  it("sends short streamed chat requests at about the shape's rate, failing the burst's share", async () => {
    seen.length = 0;
    const load = new DemoLoad({ url, model: "m", shape: flat(40, 0.5) });
    load.start();
    await new Promise((r) => setTimeout(r, 1500));
    await load.stop();
    expect(seen.length).toBeGreaterThan(25);
    expect(seen.length).toBeLessThan(110);
    const faults = seen.filter((s) => s.fault).length;
    expect(faults / seen.length).toBeGreaterThan(0.25);
    expect(faults / seen.length).toBeLessThan(0.75);
    expect(new Set(seen.map((s) => s.fault).filter(Boolean))).toEqual(new Set(["500", "503"]));
    for (const s of seen) {
      expect(s.body).toMatchObject({ model: "m", stream: true });
      expect(s.body.max_tokens).toBeGreaterThanOrEqual(4);
      expect(s.body.max_tokens).toBeLessThan(24);
    }
    // stop() aborts what is still open: a request may then have lost its answer, or not have
    // reached the server at all (a network error to the client), at most one per request in flight.
    const { byStatus, networkErrors, sent, injectedFaults } = load.stats;
    expect(networkErrors).toBeLessThanOrEqual(4);
    expect((byStatus["2xx"] ?? 0) + (byStatus["5xx"] ?? 0) + networkErrors).toBe(sent);
    expect(seen.length).toBeLessThanOrEqual(sent);
    expect(seen.length).toBeGreaterThanOrEqual(sent - networkErrors);
    expect(byStatus["5xx"]).toBeLessThanOrEqual(faults);
    expect(byStatus["5xx"]).toBeGreaterThanOrEqual(faults - networkErrors);
    expect(injectedFaults).toBeGreaterThanOrEqual(faults);
    expect(injectedFaults).toBeLessThanOrEqual(faults + networkErrors);
  });

  it("names a model the server lacks for the bad-request share, and sends nothing once stopped", async () => {
    seen.length = 0;
    const load = new DemoLoad({ url, model: "m", shape: { ...flat(50, 0), badRequestRatio: 1 } });
    load.start();
    await new Promise((r) => setTimeout(r, 400));
    await load.stop();
    const n = seen.length;
    expect(n).toBeGreaterThan(3);
    expect(seen.every((s) => s.body.model === "m-retired" && !s.fault)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).toBe(n);
  });

  it("caps open requests, and stop() aborts those left open", async () => {
    seen.length = 0;
    hold = true;
    try {
      const load = new DemoLoad({ url, model: "m", shape: flat(100, 0), maxInFlight: 2 });
      load.start();
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      await load.stop();
      expect(Date.now() - t0).toBeLessThan(500);
      expect(seen.length).toBe(2);
      expect(load.stats.skipped).toBeGreaterThan(5);
      expect(load.stats.networkErrors).toBe(2);
    } finally {
      hold = false;
    }
  });
});
