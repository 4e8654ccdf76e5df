import { describe, expect, it } from "vitest";
import { parseRuleFile, RuleFileError, type RuleGroup } from "./index";

// Rule files are YAML, so the tests write them as joined lines to keep indentation visible.
const yml = (...lines: string[]) => lines.join("\n") + "\n";

function problems(text: string): string[] {
  try {
    parseRuleFile(text, "r.yml");
  } catch (err) {
    expect(err).toBeInstanceOf(RuleFileError);
    expect((err as Error).name).toBe("RuleFileError");
    return (err as RuleFileError).problems;
  }
  throw new Error("expected a RuleFileError");
}

const fleet = yml(
  "groups:",
  "  - name: vllm",
  "    interval: 30s",
  "    limit: 10",
  "    query_offset: 1m",
  "    labels:",
  "      team: inference",
  "    rules:",
  "      - record: job:vllm_request_errors:ratio_rate5m",
  "        expr: |",
  '          sum by (job) (rate(vllm:request_success_total{finished_reason="abort"}[5m]))',
  "            / sum by (job) (rate(vllm:request_success_total[5m]))",
  "        labels: { source: headroom }",
  "      - alert: HighErrorRatio",
  "        expr: job:vllm_request_errors:ratio_rate5m > 0.05",
  "        for: 5m",
  "        keep_firing_for: 1h30m",
  "        labels:",
  "          severity: page",
  '          instance: "{{ $labels.instance }}"',
  "        annotations:",
  '          summary: "{{ $labels.job }} fails {{ $value | humanizePercentage }} of requests"',
  "          description: |-",
  "            {{- /* a comment */ -}}",
  '            Ratio {{ printf "%.2f" $value }} on {{ .Labels.job }}',
  "  - name: empty",
  "    rules: []",
);

describe("parseRuleFile: valid files", () => {
  it("reads groups with interval, limit, offset, labels, and both rule kinds", () => {
    const groups = parseRuleFile(fleet, "fleet.yml");
    expect(groups).toEqual<RuleGroup[]>([
      {
        name: "vllm",
        file: "fleet.yml",
        intervalMs: 30_000,
        limit: 10,
        queryOffsetMs: 60_000,
        labels: { team: "inference" },
        rules: [
          {
            kind: "record",
            name: "job:vllm_request_errors:ratio_rate5m",
            expr:
              'sum by (job) (rate(vllm:request_success_total{finished_reason="abort"}[5m]))\n  / sum by (job) (rate(vllm:request_success_total[5m]))\n',
            labels: { source: "headroom" },
            line: 9,
          },
          {
            kind: "alert",
            name: "HighErrorRatio",
            expr: "job:vllm_request_errors:ratio_rate5m > 0.05",
            forMs: 300_000,
            keepFiringForMs: 5_400_000,
            labels: { severity: "page", instance: "{{ $labels.instance }}" },
            annotations: {
              summary: "{{ $labels.job }} fails {{ $value | humanizePercentage }} of requests",
              description: '{{- /* a comment */ -}}\nRatio {{ printf "%.2f" $value }} on {{ .Labels.job }}',
            },
            line: 14,
          },
        ],
      },
      { name: "empty", file: "fleet.yml", intervalMs: null, limit: 0, queryOffsetMs: null, labels: {}, rules: [] },
    ]);
  });

  it.each([
    ["an empty file", ""],
    ["only a comment", "# no rules yet\n"],
    ["an empty groups list", "groups: []\n"],
    ["a null groups key", "groups:\n"],
  ])("gives no groups for %s", (_name, text) => {
    expect(parseRuleFile(text, "r.yml")).toEqual([]);
  });

  it.each([
    ["a scalar expression", "1", "alert"],
    ["a numeric expr written as a YAML number", "0", "record"],
    ["an aggregation with a histogram quantile", "histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket[5m])))", "record"],
  ])("accepts %s", (_name, expr, kind) => {
    const text = yml("groups:", "  - name: g", "    rules:", `      - ${kind}: ${kind === "alert" ? "A" : "a:b"}`, `        expr: ${expr}`);
    const [group] = parseRuleFile(text, "r.yml");
    expect(group.rules[0]).toMatchObject({ kind, expr });
  });

  it("takes durations Prometheus takes, and zero `for` on a recording rule", () => {
    const text = yml(
      "groups:",
      "  - name: g",
      "    interval: 1h30m",
      "    rules:",
      "      - alert: A",
      "        expr: up == 0",
      "        for: 1d2h",
      "      - record: r",
      "        expr: up",
      "        for: 0s",
    );
    const [group] = parseRuleFile(text, "r.yml");
    expect(group.intervalMs).toBe(5_400_000);
    expect(group.rules[0]).toMatchObject({ forMs: 93_600_000, keepFiringForMs: 0 });
  });

  it("keeps an annotation named __proto__ as an ordinary key", () => {
    const text = yml("groups:", "  - name: g", "    rules:", "      - alert: A", "        expr: up", "        annotations: { __proto__: x }");
    const rule = parseRuleFile(text, "r.yml")[0].rules[0];
    expect(rule.kind === "alert" && Object.keys(rule.annotations)).toEqual(["__proto__"]);
    expect(JSON.parse(JSON.stringify(rule)).annotations).toEqual(JSON.parse('{"__proto__":"x"}'));
  });

  it("resolves YAML anchors and aliases", () => {
    const text = yml(
      "groups:",
      "  - name: g",
      "    rules:",
      "      - alert: A",
      "        expr: up == 0",
      "        labels: &common { severity: page }",
      "      - alert: B",
      "        expr: up == 1",
      "        labels: *common",
    );
    expect(parseRuleFile(text, "r.yml")[0].rules.map((r) => r.labels)).toEqual([{ severity: "page" }, { severity: "page" }]);
  });
});

// Each case: the file, and the exact problem lines (file:line:col: path: message).
const rule = (...lines: string[]) => yml("groups:", "  - name: g", "    rules:", ...lines);

const invalid: [string, string, string[]][] = [
  ["missing expr", rule("      - alert: A", "        for: 5m"), ["r.yml:4:9: groups[0].rules[0].expr: required field is missing"]],
  ["both alert and record", rule("      - alert: A", "        record: b", "        expr: up"), ['r.yml:4:9: groups[0].rules[0]: only one of "alert" and "record" may be set']],
  ["neither alert nor record", rule("      - expr: up"), ['r.yml:4:9: groups[0].rules[0]: one of "alert" or "record" must be set']],
  ["an empty alert name", rule('      - alert: ""', "        expr: up"), ["r.yml:4:16: groups[0].rules[0].alert: must not be empty"]],
  ["a bad duration", rule("      - alert: A", "        expr: up", "        for: 5 minutes"), ['r.yml:6:14: groups[0].rules[0].for: invalid duration "5 minutes" (use e.g. 30s, 5m, 1h30m)']],
  ["a number as a duration", rule("      - alert: A", "        expr: up", "        keep_firing_for: 300"), ['r.yml:6:26: groups[0].rules[0].keep_firing_for: invalid duration "300" (use e.g. 30s, 5m, 1h30m)']],
  ["a zero group interval", yml("groups:", "  - name: g", "    interval: 0s", "    rules: []"), ["r.yml:3:15: groups[0].interval: must be greater than 0"]],
  ["a negative limit", yml("groups:", "  - name: g", "    limit: -1"), ["r.yml:3:12: groups[0].limit: expected a non-negative integer, got the value -1"]],
  ["a bad metric name for a recording rule", rule("      - record: 1st-rule", "        expr: up"), ['r.yml:4:17: groups[0].rules[0].record: invalid metric name "1st-rule" (must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$)']],
  ["`for` on a recording rule", rule("      - record: r", "        expr: up", "        for: 5m"), ["r.yml:6:9: groups[0].rules[0].for: not allowed in a recording rule"]],
  ["annotations on a recording rule", rule("      - record: r", "        expr: up", "        annotations: { a: b }"), ["r.yml:6:9: groups[0].rules[0].annotations: not allowed in a recording rule"]],
  ["an invalid label name", rule("      - alert: A", "        expr: up", '        labels: { "team-name": x }'), ['r.yml:6:19: groups[0].rules[0].labels["team-name"]: invalid label name "team-name" (must match ^[a-zA-Z_][a-zA-Z0-9_]*$)']],
  ["a reserved __ label", rule("      - alert: A", "        expr: up", "        labels:", "          __name__: x"), ['r.yml:7:11: groups[0].rules[0].labels.__name__: invalid label name "__name__" (names starting with "__" are reserved)']],
  ["a label value that is a map", rule("      - alert: A", "        expr: up", "        labels: { a: { b: c } }"), ["r.yml:6:22: groups[0].rules[0].labels.a: expected a string, got a mapping"]],
  ["an unknown key in a rule", rule("      - alert: A", "        expr: up", "        severity: page"), ['r.yml:6:9: groups[0].rules[0].severity: unknown field "severity"']],
  ["an unknown key at the top", yml("group:", "  - name: g"), ['r.yml:1:1: group: unknown field "group"']],
  ["a duplicate group name", yml("groups:", "  - name: g", "    rules: []", "  - name: g"), ['r.yml:4:11: groups[1].name: duplicate group name "g" (first on line 2)']],
  ["a missing group name", yml("groups:", "  - rules: []"), ["r.yml:2:5: groups[0].name: required field is missing"]],
  ["a PromQL syntax error", rule("      - alert: A", "        expr: rate(x[5m]) >"), ["r.yml:5:28: groups[0].rules[0].expr: parse error: unexpected end of input"]],
  ["a PromQL error inside a quoted expr", rule("      - alert: A", '        expr: "sum(foo{a=1})"'), ['r.yml:5:26: groups[0].rules[0].expr: parse error: unexpected "1"']],
  ["a PromQL error on the second line of a block", rule("      - record: r", "        expr: |", "          sum(up)", "            by (job"), ["r.yml:7:20: groups[0].rules[0].expr: parse error: unexpected end of input"]],
  ["a range vector expr", rule("      - record: r", "        expr: up[5m]"), ["r.yml:5:15: groups[0].rules[0].expr: expression must give an instant vector or a scalar, not a range vector"]],
  ["an unknown PromQL function", rule("      - alert: A", "        expr: rates(x[5m]) > 0"), ['r.yml:5:15: groups[0].rules[0].expr: parse error: unknown function with name "rates"']],
  ["an unclosed template", rule("      - alert: A", "        expr: up", "        annotations:", '          summary: "down: {{ $labels.instance"'), ['r.yml:7:27: groups[0].rules[0].annotations.summary: invalid template: unclosed action (no matching "}}")']],
  ["an empty template action", rule("      - alert: A", "        expr: up", "        labels:", '          who: "x{{ }}"'), ["r.yml:7:18: groups[0].rules[0].labels.who: invalid template: empty action (missing value for command)"]],
  ["an unclosed template in a block", rule("      - alert: A", "        expr: up", "        annotations:", "          description: |", "            line one", "            then {{ $value"), ['r.yml:9:18: groups[0].rules[0].annotations.description: invalid template: unclosed action (no matching "}}")']],
  ["groups that is not a list", yml("groups:", "  name: g"), ["r.yml:2:3: groups: expected a list, got a mapping"]],
  ["rules that is not a list", yml("groups:", "  - name: g", "    rules: up == 0"), ['r.yml:3:12: groups[0].rules: expected a list, got the string "up == 0"']],
  ["a top level that is a list", "- groups\n", ["r.yml:1:1: (top level): expected a mapping, got a list"]],
  ["a YAML syntax error", yml("groups:", "  - name: g", "    rules: [", "  - x"), ["r.yml:4:3: Flow sequence in block collection must be sufficiently indented and end with a ]"]],
  ["a duplicate key", rule("      - alert: A", "        expr: up", "        expr: down"), ["r.yml:6:9: Map keys must be unique"]],
  ["two YAML documents", yml("groups: []", "---", "groups: []"), ["r.yml:2:1: a rule file must hold a single YAML document"]],
];

describe("parseRuleFile: invalid files", () => {
  it.each(invalid)("reports %s", (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it("reports every problem of a file at once, in file order", () => {
    const text = rule(
      "      - alert: A",
      "        expr: up ==",
      "        for: soon",
      "      - record: bad name",
      "        expr: up",
      "        oops: 1",
    );
    expect(problems(text)).toEqual([
      "r.yml:5:20: groups[0].rules[0].expr: parse error: unexpected end of input",
      'r.yml:6:14: groups[0].rules[0].for: invalid duration "soon" (use e.g. 30s, 5m, 1h30m)',
      'r.yml:7:17: groups[0].rules[1].record: invalid metric name "bad name" (must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$)',
      'r.yml:9:9: groups[0].rules[1].oops: unknown field "oops"',
    ]);
  });

  it("stops at a self-referencing alias instead of looping", () => {
    const lines = problems(yml("groups: &g", "  - name: g", "    rules: *g"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^r\.yml:\d+:\d+: /);
  });
});
