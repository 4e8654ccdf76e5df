import type { Command } from "commander";
import { buildInfo } from "@/lib/build-info";

/** `headroom version [--json]`: the version, revision and runtime, like `prometheus --version`. */
export function registerVersion(program: Command): void {
  program
    .command("version")
    .description("print the version of Headroom")
    .option("--json", "print a JSON object")
    .action((opts: { json?: boolean }) => {
      const info = buildInfo();
      if (opts.json) process.stdout.write(JSON.stringify(info) + "\n");
      else process.stdout.write(`headroom, version ${info.version} (revision: ${info.revision})\n  node: ${info.nodeVersion}\n`);
    });
}
