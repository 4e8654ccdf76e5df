import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { ExpositionError, parseExposition, type Exposition, type ExpositionFormat } from "@/lib/exposition";

/** Options of `headroom exposition parse`. */
export interface ExpositionParseOptions {
  format: ExpositionFormat | "auto";
}

/** A sample value as JSON: a number, or "NaN", "+Inf" or "-Inf", which JSON numbers cannot hold. */
export function jsonValue(v: number): number | string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return v;
}

/** One JSON object per sample, one per line: {"name","labels","value","timestamp"}. */
export function samplesAsJsonLines(exp: Exposition): string {
  const lines: string[] = new Array(exp.length);
  for (let i = 0; i < exp.length; i++) {
    lines[i] = JSON.stringify({
      name: exp.name(i),
      labels: exp.labels(i),
      value: jsonValue(exp.value(i)),
      timestamp: exp.timestamp(i),
    });
  }
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

/** Where the command reads and writes; tests pass their own. */
export interface ExpositionIo {
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(chunk: string): unknown };
}

async function readInput(file: string, stdin: ExpositionIo["stdin"]): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw new Error(`cannot read ${file}: ${why}`);
  }
}

/**
 * The action of `headroom exposition parse`: reads FILE (or standard input for "-"), parses it
 * and prints the samples as JSON lines. Invalid input throws "FILE: line N: ...".
 */
export async function runExpositionParse(
  file: string,
  opts: ExpositionParseOptions,
  io: ExpositionIo = { stdin: process.stdin, stdout: process.stdout },
): Promise<void> {
  const body = await readInput(file, io.stdin);
  let exp: Exposition;
  try {
    exp = parseExposition(body, { format: opts.format });
  } catch (err) {
    if (err instanceof ExpositionError) throw new Error(`${file === "-" ? "<stdin>" : file}: ${err.message}`);
    throw err;
  }
  io.stdout.write(samplesAsJsonLines(exp));
}

/** `headroom exposition parse [FILE|-] [--format auto|text|openmetrics]`, like promtool's checks. */
export function registerExposition(program: Command): void {
  const exposition = program.command("exposition").description("parse Prometheus text and OpenMetrics expositions");
  exposition
    .command("parse")
    .description("print every sample of an exposition as one JSON object per line")
    .argument("[file]", "exposition file, or - for standard input", "-")
    .addOption(new Option("--format <format>", "exposition format").choices(["auto", "text", "openmetrics"]).default("auto"))
    .action((file: string, opts: ExpositionParseOptions) => runExpositionParse(file, opts));
}
