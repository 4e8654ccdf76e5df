/**
 * The demo's model server as a child process: `headroom serve-model` on a small synthetic model
 * written once by `headroom gguf synth`. Running the CLI keeps llama.cpp and its model process
 * out of the web server's process (and bundle); the child ends when Headroom goes away.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

/** Where the CLI is and how to run it. */
export interface CliLocation {
  /** bin/headroom.mjs. */
  cliPath: string;
  /** The checkout, whose tsconfig tells tsx where `@/` points. */
  cwd: string;
}

/** The demo's model: tiny, so it loads in milliseconds and a token costs well under one. */
export const DEMO_MODEL_ARGS = ["--type", "q4_0", "--dim", "64", "--layers", "2", "--heads", "4", "--ff", "128", "--vocab", "300", "--ctx", "512", "--seed", "5"];

/** A running demo model server. */
export interface DemoServer {
  url: string;
  port: number;
  pid: number;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

function runCli(loc: CliLocation, args: string[], stdio: ("ignore" | "pipe" | "ipc")[]): ChildProcess {
  return spawn(process.execPath, [loc.cliPath, ...args], { cwd: loc.cwd, stdio, env: process.env });
}

/** Writes the model to `file` unless it is there already (a crash leaves only FILE.partial). */
export async function ensureDemoModel(loc: CliLocation, file: string, name: string): Promise<boolean> {
  if (fs.existsSync(file)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const child = runCli(loc, ["gguf", "synth", "--out", file, "--name", name, ...DEMO_MODEL_ARGS], ["ignore", "ignore", "pipe"]);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`writing the demo model failed: ${stderr.trim() || `exit ${code}`}`);
  return true;
}

/** Options of startDemoServer. */
export interface DemoServerOptions extends CliLocation {
  modelFile: string;
  modelName: string;
  /** 0 picks a free port. */
  port: number;
  timeoutMs?: number;
  onLog?: (line: string) => void;
}

/**
 * Starts `headroom serve-model` with fault injection on, on loopback, and resolves once it
 * serves; rejects with the child's last words if it exits or stays silent for `timeoutMs`.
 */
export async function startDemoServer(o: DemoServerOptions): Promise<DemoServer> {
  const args = ["serve-model", "--model", o.modelFile, "--served-model-name", o.modelName, "--host", "127.0.0.1", "--port", String(o.port)];
  args.push("--threads", "1", "--parallel", "2", "--queue", "8", "--ctx", "256", "--fault-injection");
  // The IPC channel is how the child learns that Headroom died, even by SIGKILL.
  const child = runCli(o, args, ["ignore", "pipe", "pipe", "ipc"]);
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => (process.off("exit", killOnExit), resolve())));
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    const text = d.toString();
    stderr = (stderr + text).slice(-2000);
    for (const line of text.split("\n")) if (line.trim()) o.onLog?.(line.trim());
  });
  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`the demo model server did not start within ${o.timeoutMs ?? 30_000} ms`)), o.timeoutMs ?? 30_000);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    // serve-model prints one line once it listens: "serving NAME at http://127.0.0.1:PORT (...)".
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = / at (http:\/\/\S+) /.exec(line);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => fail(new Error(`the demo model server exited: ${stderr.trim().split("\n").pop() ?? "no output"}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
