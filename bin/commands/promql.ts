import type { Command } from "commander";
import { formatReport, loadKnownFailures, runTestFiles } from "@/lib/promql/promqltest";

/** `headroom promql test FILE... [--known-failures FILE]`: runs promqltest files, like promtool. */
export function registerPromql(program: Command): void {
  const promql = program.command("promql").description("PromQL tools");
  promql
    .command("test")
    .description("run Prometheus promqltest files against Headroom's PromQL engine")
    .argument("<files...>", "promqltest files (*.test)")
    .option("--known-failures <file>", "list of expected failures (file.test:LINE  reason); listed cases that pass fail the run")
    .action(async (files: string[], opts: { knownFailures?: string }) => {
      const known = opts.knownFailures ? await loadKnownFailures(opts.knownFailures) : undefined;
      const { lines, totals } = formatReport(await runTestFiles(files), known);
      process.stdout.write(lines.join("\n") + "\n");
      process.exitCode = totals.failed > 0 ? 1 : 0;
    });
}
