import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatE, formatF, formatG } from "./go-format";
import { expandTemplate, humanize, humanizeDuration, parseRuleFile, RuleFileError } from "./index";

// Whatever the file holds, the loader either returns groups or throws a RuleFileError whose
// every line names the file and a position: never another exception, never a hang.
function checkOutcome(text: string) {
  try {
    expect(Array.isArray(parseRuleFile(text, "fuzz.yml"))).toBe(true);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleFileError);
    for (const line of (err as Error).message.split("\n")) expect(line).toMatch(/^fuzz\.yml:\d+:\d+: /);
  }
}

const yamlish = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    "groups:", "- name: g", "  - name: g", "    rules:", "rules:", "  - alert: A", "  - record: a:b", "    expr: rate(x[5m]) >",
    "    expr: up == 0", "    expr: |", "      sum(up)", "    for: 5m", "    for: soon", "    labels:", "      severity: page",
    "    annotations:", '      summary: "{{ $labels.instance }}"', "      x: {{", "}}", "&a", "*a", "groups: &a [*a]", "---",
    "\t", ": :", "interval: 0s", "limit: -1", "[", "]", "{", "}", "'", '"', "|", ">", "~", "!!binary", "? ",
  ),
);

describe("rule file loader fuzzing", () => {
  it("survives arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), checkOutcome), { numRuns: 400 });
  });

  it("survives YAML-shaped noise", () => {
    fc.assert(fc.property(fc.array(yamlish, { maxLength: 30 }).map((a) => a.join("\n")), checkOutcome), { numRuns: 400 });
  });

  it("survives structurally valid YAML with wrong types", () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    const rule = fc.record(
      { alert: value, record: value, expr: fc.oneof(value, fc.constantFrom("up", "rate(x[5m])", "sum(", "x[5m]")), for: value, labels: value, annotations: value },
      { requiredKeys: [] },
    );
    const group = fc.record({ name: value, interval: value, limit: value, rules: fc.oneof(value, fc.array(rule, { maxLength: 3 })) }, { requiredKeys: [] });
    const doc = fc.oneof(value, fc.record({ groups: fc.oneof(value, fc.array(group, { maxLength: 3 })) }));
    fc.assert(fc.property(doc, (d) => checkOutcome(JSON.stringify(d))), { numRuns: 400 });
  });
});

describe("template expansion fuzzing", () => {
  const piece = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom("{{", "}}", "{{-", "-}}", " ", "$labels.job", ".Labels", "$value", "|", "humanize", "printf", '"%.2f"', '"', "`", "'", "/*", "*/", "(", "-1", "0x", "1e5", "%", "%!"),
  );

  it("never throws, whatever the template", () => {
    const data = { labels: { job: "vllm" }, value: 0.5, externalLabels: {} };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }).map((a) => a.join("")), fc.double(), (template, value) => {
        expect(typeof expandTemplate(template, { ...data, value })).toBe("string");
      }),
      { numRuns: 500 },
    );
  });

  it("formats every double so that it reads back, and humanizes without throwing", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 30 }), (v, prec) => {
        expect(Number(formatG(v))).toBe(v);
        expect(Number(formatE(v, 16))).toBe(v);
        expect(typeof (formatF(v, prec) + humanize(v) + humanizeDuration(v))).toBe("string");
        if (Math.abs(v) < 1e15) expect(Math.abs(Number(formatF(v, prec)) - v)).toBeLessThanOrEqual(10 ** -prec);
      }),
      { numRuns: 300 },
    );
  });
});
