import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "@/alerts/notifier/payload";
import { outboundPolicy } from "@/lib/net";
import { startDaemon, type Daemon } from "@/lib/testing/daemon";
import { createReceiver, type Receiver, type ReceiverError } from "./index";

// Checks the alertmanager receiver against a real Alertmanager (Debian's prometheus-alertmanager).
function alertmanagerBinary(): string | null {
  const r = spawnSync("sh", ["-c", "command -v prometheus-alertmanager || command -v alertmanager"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n")[0] : null;
}

const bin = alertmanagerBinary();
if (!bin) {
  if (process.env.CI) throw new Error("CI is set but Alertmanager is not installed: apt-get install prometheus-alertmanager");
  console.warn("\n*** SKIPPING the real Alertmanager tests: apt-get install prometheus-alertmanager ***\n");
}

interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  status: { state: string };
}

describe.skipIf(!bin)("alertmanager receiver against a real Alertmanager", () => {
  let daemon: Daemon | undefined;
  let dir: string;
  let base: string;
  let receiver: Receiver;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-am-"));
    fs.writeFileSync(path.join(dir, "alertmanager.yml"), ["route:", "  receiver: blackhole", "receivers:", "  - name: blackhole", ""].join("\n"));
    daemon = await startDaemon("alertmanager", bin!, (port) =>
      [
        `--config.file=${path.join(dir, "alertmanager.yml")}`,
        `--storage.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // An empty cluster address turns gossip off, so nothing listens beyond loopback.
        "--cluster.listen-address=",
        "--log.level=warn",
      ],
    );
    base = daemon.url;
    receiver = createReceiver({ name: "am", type: "alertmanager", url: `${base}/` }, { policy: outboundPolicy({ deny: [] }), externalURL: "http://headroom.local" });
  });

  afterAll(async () => {
    await daemon?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const now = Date.now();
  const note = (id: number, status: Notification["status"], labels: Record<string, string>, endsAt: number | null): Notification => ({
    id,
    receiver: "am",
    status,
    createdAt: now,
    alert: { fingerprint: `f${id}`, labels, annotations: { summary: `alert ${id}` }, startsAt: now - 600_000, endsAt, value: 1, generatorURL: `http://headroom.local/rules?id=${id}` },
  });
  const active = async (): Promise<ApiAlert[]> => (await (await fetch(`${base}/api/v2/alerts`)).json()) as ApiAlert[];

  it("accepts firing and resolved alerts; only the firing one is active", async () => {
    await receiver.send([note(1, "firing", { alertname: "HighErrorRatio", model: "a" }, null), note(2, "resolved", { alertname: "HighErrorRatio", model: "b" }, now - 60_000)]);
    const alerts = await active();
    expect(alerts).toHaveLength(1);
    const [a] = alerts;
    expect(a.labels).toEqual({ alertname: "HighErrorRatio", model: "a" });
    expect(a.annotations).toEqual({ summary: "alert 1" });
    expect(a.generatorURL).toBe("http://headroom.local/rules?id=1");
    expect(Date.parse(a.startsAt)).toBe(now - 600_000);
    // Without an endsAt, Alertmanager keeps the alert for its resolve_timeout (5m by default).
    expect(Date.parse(a.endsAt)).toBeGreaterThan(Date.now());
    expect(a.status.state).toBe("active");
  });

  it("resolves a firing alert when told it resolved", async () => {
    await receiver.send([note(3, "firing", { alertname: "QueueDeep" }, null)]);
    expect((await active()).some((a) => a.labels.alertname === "QueueDeep")).toBe(true);
    await receiver.send([note(4, "resolved", { alertname: "QueueDeep" }, Date.now() - 1_000)]);
    expect((await active()).some((a) => a.labels.alertname === "QueueDeep")).toBe(false);
  });

  it("gets a non-retryable error for an alert Alertmanager rejects", async () => {
    const err = (await receiver.send([note(5, "firing", {}, null)]).catch((e: unknown) => e)) as ReceiverError;
    expect(err.name).toBe("ReceiverError");
    expect(err.status).toBe(400);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^alertmanager receiver "am": POST http:\/\/127\.0\.0\.1:\d+\/…: answered 400: "at least one label pair required"/);
  });
});
