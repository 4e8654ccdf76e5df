/** A server binary (Prometheus, Alertmanager) started on loopback for a test or perf script. */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./ports";

/** A started daemon: its base URL and process; stop() ends it and waits for the exit. */
export interface Daemon {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Spawns `bin` with `args(port)` on a free loopback port and waits until `GET /-/ready` answers
 * 2xx (Prometheus and Alertmanager both serve it). Fails with the end of its stderr if it exits
 * or is not ready within `readyMs`.
 */
export async function startDaemon(name: string, bin: string, args: (port: number) => string[], readyMs = 30_000): Promise<Daemon> {
  const port = await freePort();
  const child = spawn(bin, args(port), { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (c) => (stderr += c));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${stderr.slice(-500)}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name} not ready after ${readyMs / 1000} s: ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once("exit", () => r())));
    },
  };
}
