/** Test support for the CLI: stdout and stderr captured per test, and a runner for a subcommand. */
import { afterEach, beforeEach, vi } from "vitest";
import { main } from "./cli";

/** The text a test's CLI calls wrote, reset before each test. */
export interface CliOutput {
  out: string;
  err: string;
}

/**
 * Registers hooks that capture stdout and stderr for each test of the calling file and reset
 * process.exitCode around it; `run(...args)` runs `headroom <prefix...> <args...>`.
 */
export function captureCli(...prefix: string[]): { io: CliOutput; run: (...args: string[]) => Promise<number> } {
  const io: CliOutput = { out: "", err: "" };
  beforeEach(() => {
    io.out = "";
    io.err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((s) => ((io.out += String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => ((io.err += String(s)), true));
    process.exitCode = undefined;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  return { io, run: (...args: string[]) => main(["node", "headroom", ...prefix, ...args]) };
}
