import { describe, expect, it } from "vitest";
import { formatE, formatF, formatG } from "./go-format";
import { expandTemplate, humanize, humanizeDuration, humanizePercentage, type TemplateData } from "./index";
import { splitTemplate } from "./template-lex";

const data: TemplateData = {
  labels: { instance: "gpu-node-1:8000", job: "vllm", model: "llama-3-8b" },
  value: 1234567.891,
  externalLabels: { cluster: "eu-1" },
};
const expand = (t: string, value = data.value) => expandTemplate(t, { ...data, value });

describe("expandTemplate", () => {
  it.each([
    ["plain text, not HTML-escaped", "<b>down</b> & out", "<b>down</b> & out"],
    ["$labels", "{{ $labels.instance }} ({{ $labels.job }})", "gpu-node-1:8000 (vllm)"],
    [".Labels", "{{.Labels.model}}", "llama-3-8b"],
    ["$externalLabels and .ExternalLabels", "{{ $externalLabels.cluster }}/{{ .ExternalLabels.cluster }}", "eu-1/eu-1"],
    ["a missing label, as Go prints a missing map key", "[{{ $labels.nope }}]", "[<no value>]"],
    ["a whole label map, sorted as Go prints maps", "{{ $externalLabels }}", "map[cluster:eu-1]"],
    ["$value as Go's %v", "{{ $value }}", "1.234567891e+06"],
    [".Value", "{{ .Value }}", "1.234567891e+06"],
    ["humanize", "{{ humanize $value }}", "1.235M"],
    ["a pipeline into humanize", "{{ $value | humanize }}", "1.235M"],
    ["humanizeDuration", "{{ humanizeDuration $value }}", "14d 6h 56m 7s"],
    ["printf %.2f", '{{ printf "%.2f" $value }}', "1234567.89"],
    ["a pipeline into printf", '{{ $value | printf "%.1f" }}', "1234567.9"],
    ["a label piped to toUpper", "{{ $labels.job | toUpper }}", "VLLM"],
    ["a string converted by humanizePercentage", '{{ "0.5" | humanizePercentage }}', "50%"],
    ["trim markers", "a  {{- 1 -}}  b", "a1b"],
    ["a comment", "x{{/* note */}}y{{- /* trimmed */ -}} z", "xyz"],
    ["braces inside a string", '{{ "}}" }}', "}}"],
    ["a raw string", "{{ `a\\n` }}", "a\\n"],
    ["escapes in a string", '{{ "tab\\there \\u00e9" }}', "tab\there é"],
    ["a lone closing brace pair", "done }}", "done }}"],
  ])("expands %s", (_name, template, expected) => {
    expect(expand(template)).toBe(expected);
  });

  it.each([
    ["an unclosed action", "{{ $labels.instance", 'unclosed action (no matching "}}")'],
    ["an empty action", "a {{ }} b", "empty action (missing value for command)"],
    ["an unterminated string", '{{ "abc }}', "unterminated quoted string"],
    ["a Prometheus function not built yet", '{{ query "up" }}', 'function "query" is not supported yet'],
    ["an unknown function", "{{ frobnicate $value }}", 'function "frobnicate" not defined'],
    ["control actions", "{{ if $value }}x{{ end }}", "{{ if }} actions are not supported"],
    ["a non-number for humanize", '{{ humanize "abc" }}', 'strconv.ParseFloat: parsing "abc": invalid syntax'],
    ["a missing label for humanize", "{{ humanize $labels.nope }}", "can't convert <nil> to float"],
    ["an undefined variable", "{{ $foo }}", 'undefined variable "$foo"'],
    ["a field of a number", "{{ $value.x }}", "can't evaluate field x in type float64"],
    ["an argument to a value", "{{ $value 1 }}", "can't give argument to non-function"],
    ["a wrong argument count", "{{ humanize }}", "wrong number of args for humanize: want 1 got 0"],
    ["an unsupported printf verb", '{{ printf "%x" 1 }}', "printf: verb %x is not supported"],
    ["a variable declaration", "{{ $x := 1 }}", "variable declarations are not supported"],
    ["a name that only exists on Object.prototype", "{{ constructor }}", 'function "constructor" not defined'],
  ])("returns Prometheus's error text for %s", (_name, template, message) => {
    expect(expand(`before ${template} after`)).toBe(`<error expanding template: ${message}>`);
  });
});

describe("template functions", () => {
  it.each([
    [0, "0"], [1, "1"], [12, "12"], [1234, "1.234k"], [-1234, "-1.234k"], [1234567.891, "1.235M"],
    [0.00125, "1.25m"], [1e30, "1e+06Y"], [NaN, "NaN"], [Infinity, "+Inf"],
  ])("humanize(%s) is %s", (v, s) => expect(humanize(v)).toBe(s));

  it.each([[0.1234567, "12.35%"], [0.05, "5%"], [1, "100%"], [0, "0%"]])("humanizePercentage(%s) is %s", (v, s) =>
    expect(humanizePercentage(v)).toBe(s),
  );

  it.each([
    [0, "0s"], [0.25, "250ms"], [0.000123, "123us"], [1.5, "1.5s"], [90, "1m 30s"], [3600, "1h 0m 0s"],
    [93784, "1d 2h 3m 4s"], [-90, "-1m 30s"], [NaN, "NaN"],
  ])("humanizeDuration(%s) is %s", (v, s) => expect(humanizeDuration(v)).toBe(s));

  it.each([
    ['"%.2f" 0.125', "0.12"], // Go rounds an exact half to even; JavaScript's toFixed would say 0.13
    ['"%.0f" 2.5', "2"],
    ['"%d items" 3', "3 items"],
    ['"%d" $value', "%!d(float64=1.5)"],
    ['"%5.1f|%-4s|%05d" 2.25 "ab" -12', "  2.2|ab  |-0012"],
    ['"%e %g %.3g" 1234.5678 1e6 1234', "1.234568e+03 1e+06 1.23e+03"],
    ['"%s and %f"', "%!s(MISSING) and %!f(MISSING)"],
    ['"%s" "a" 1', "a%!(EXTRA int=1)"],
    ['"100%%"', "100%"],
  ])("printf %s", (args, expected) => {
    expect(expand(`{{ printf ${args} }}`, 1.5)).toBe(expected);
  });

  it("formats floats as Go does", () => {
    expect([1e21, 100000, 1e6, 0.0001, 1e-5, -0, 0.1 + 0.2].map((v) => formatG(v))).toEqual([
      "1e+21", "100000", "1e+06", "0.0001", "1e-05", "-0", "0.30000000000000004",
    ]);
    expect([formatF(1e21, 1), formatF(-0.001, 1), formatF(0.5, 0), formatF(1.5, 0)]).toEqual(["1000000000000000000000.0", "-0.0", "0", "2"]);
    expect([formatE(0, 2), formatE(9.999, 2), formatE(5e-324, 1)]).toEqual(["0.00e+00", "1.00e+01", "4.9e-324"]);
    expect([formatG(0, 4), formatG(100, 4), formatG(1e5, 4), formatG(0.0001234, 4)]).toEqual(["0", "100", "1e+05", "0.0001234"]);
  });
});

describe("splitTemplate", () => {
  it("gives text and actions with their offsets", () => {
    expect(splitTemplate("a {{ $value }} b")).toEqual([
      { kind: "text", text: "a " },
      { kind: "action", body: " $value ", offset: 2 },
      { kind: "text", text: " b" },
    ]);
  });

  it("points at the action that is not closed", () => {
    expect(splitTemplate("ok {{ 1 }} then {{ oops")).toEqual({ message: 'unclosed action (no matching "}}")', offset: 16 });
  });
});
