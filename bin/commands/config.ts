import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { ConfigError, DEFAULT_CONFIG_FILE, parseConfigText } from "@/lib/config";

/** `headroom config check [FILE]`: validates a configuration file, as `promtool check config` does. */
export function registerConfig(program: Command): void {
  const config = program.command("config").description("work with the configuration file");
  config
    .command("check")
    .description(`validate a configuration file (default: $HEADROOM_CONFIG or ./${DEFAULT_CONFIG_FILE})`)
    .argument("[file]", "the YAML file to check")
    .option("--json", "print the parsed configuration as JSON")
    .action((file: string | undefined, opts: { json?: boolean }) => {
      const target = path.resolve(file ?? process.env.HEADROOM_CONFIG ?? DEFAULT_CONFIG_FILE);
      if (!fs.existsSync(target)) throw new ConfigError(`${target}: no such file`);
      const parsed = parseConfigText(fs.readFileSync(target, "utf8"), target);
      if (opts.json) process.stdout.write(JSON.stringify(parsed) + "\n");
      else
        process.stdout.write(
          `${target}: valid (${parsed.scrape_configs.length} scrape configs, ${parsed.rule_files.length} rule files)\n`,
        );
    });
}
