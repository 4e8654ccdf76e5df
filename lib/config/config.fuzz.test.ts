import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfigText } from "./index";

// Whatever the file holds, the loader either returns a configuration or throws a ConfigError
// whose every line names the file and a position: never another exception, never a hang.
function checkOutcome(text: string) {
  try {
    parseConfigText(text, "fuzz.yml");
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    for (const line of (err as Error).message.split("\n")) expect(line).toMatch(/^fuzz\.yml:\d+:\d+: /);
  }
}

const yamlish = fc.oneof(
  fc.string(),
  fc.constantFrom("global:", "  scrape_interval: ", "scrape_configs:", "  - job_name: ", "rule_files: [", "{", "]", "&a", "*a", "!!binary", "---", "\t", ": :"),
);

describe("config loader fuzzing", () => {
  it("survives arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), checkOutcome), { numRuns: 500 });
  });

  it("survives YAML-shaped noise", () => {
    fc.assert(fc.property(fc.array(yamlish, { maxLength: 30 }).map((a) => a.join("\n")), checkOutcome), { numRuns: 500 });
  });

  it("survives structurally valid YAML with wrong types", () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    const doc = fc.record({ global: value, scrape_configs: value, rule_files: value }, { requiredKeys: [] });
    fc.assert(fc.property(doc, (d) => checkOutcome(JSON.stringify(d))), { numRuns: 500 });
  });
});
