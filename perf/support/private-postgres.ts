import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/testing/ports";

export { freePort };

/** A throwaway PostgreSQL server that a fault script may stop and start at will. */
export interface PrivatePostgres {
  url: string;
  port: number;
  stop(mode?: "fast" | "immediate"): void;
  start(): void;
  destroy(): void;
}

const BIN = fs.existsSync("/usr/lib/postgresql")
  ? path.join("/usr/lib/postgresql", fs.readdirSync("/usr/lib/postgresql").sort().at(-1)!, "bin")
  : "";


// initdb refuses to run as root; run the server binaries as the postgres user when we are root.
function asPostgres(cmd: string, args: string[]): void {
  const full = path.join(BIN, cmd);
  const r =
    process.getuid?.() === 0
      ? spawnSync("runuser", ["-u", "postgres", "--", full, ...args], { encoding: "utf8" })
      : spawnSync(full, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
}

/**
 * Creates and starts a private cluster on a free port (trust auth, database "headroom"), so a
 * script can restart "the database" without disturbing the machine's shared server.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  if (!BIN) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-pg-"));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const log = path.join(dir, "server.log");
  const start = () => asPostgres("pg_ctl", ["-D", data, "-l", log, "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "start"]);
  start();
  spawnSync(path.join(BIN, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", "CREATE DATABASE headroom"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/headroom`,
    port,
    stop: (mode = "fast") => asPostgres("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]),
    start,
    destroy() {
      try {
        asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
