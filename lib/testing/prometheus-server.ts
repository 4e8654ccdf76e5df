import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDaemon } from "./daemon";

/** A real Prometheus (Debian's package) started on loopback for a test or perf script. */
export interface PrometheusServer {
  url: string;
  stop(): Promise<void>;
}

/** The prometheus binary, or null when it is not installed. */
export function prometheusBinary(): string | null {
  const r = spawnSync("sh", ["-c", "command -v prometheus"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}


/**
 * Starts Prometheus with the given scrape targets (host:port on loopback) and waits until it
 * is ready. Its data lives in a temporary directory removed on stop.
 */
export async function startPrometheus(opts: { targets: string[]; scrapeInterval?: string; extraFlags?: string[] }): Promise<PrometheusServer> {
  const bin = prometheusBinary();
  if (!bin) throw new Error("prometheus is not installed (apt-get install prometheus)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-prom-"));
  const interval = opts.scrapeInterval ?? "1s";
  fs.writeFileSync(
    path.join(dir, "prometheus.yml"),
    [
      "global:",
      `  scrape_interval: ${interval}`,
      `  scrape_timeout: ${interval}`,
      "scrape_configs:",
      "  - job_name: test",
      "    static_configs:",
      `      - targets: [${opts.targets.map((t) => JSON.stringify(t)).join(", ")}]`,
    ].join("\n"),
  );
  const daemon = await startDaemon("prometheus", bin, (port) => [
    `--config.file=${path.join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${path.join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--log.level=warn",
    ...(opts.extraFlags ?? []),
  ]);
  return {
    url: daemon.url,
    async stop() {
      await daemon.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
