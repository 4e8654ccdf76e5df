import { Command, CommanderError } from "commander";
import { registerVersion } from "./commands/version";
import { registerConfig } from "./commands/config";
import { registerGguf } from "./commands/gguf";
import { registerServeModel } from "./commands/serve-model";
import { registerPromql } from "./commands/promql";
import { registerExposition } from "./commands/exposition";
import { registerBench } from "./commands/bench";
import { registerRules } from "./commands/rules";

/** Builds the command tree; each subcommand lives in bin/commands/<name>.ts. */
export function buildProgram(): Command {
  const program = new Command("headroom")
    .description("Headroom: observability and capacity planning for LLM inference fleets")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // One line per error, as promtool does; commander already prefixes "error:".
      outputError: (str, write) => write(str.split("\n").filter(Boolean).join(" ") + "\n"),
    });
  registerVersion(program);
  registerConfig(program);
  registerGguf(program);
  registerServeModel(program);
  registerPromql(program);
  registerExposition(program);
  registerBench(program);
  registerRules(program);
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode;
    }
    process.stderr.write(`headroom: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
