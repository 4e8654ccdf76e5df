import { describe, expect, it } from "vitest";
import { expandTemplate, relabel } from "./relabel";
import { rules } from "./test-helpers";

describe("expandTemplate", () => {
  const m = /^(?<first>a+)-(b+)(x)?$/s.exec("aa-bbb")!;
  it.each([
    ["$1", "aa"],
    ["${1}", "aa"],
    ["$2/$1", "bbb/aa"],
    ["${2}x", "bbbx"],
    ["$2x", ""], // Go reads a group named "2x"
    ["$first", "aa"],
    ["${first}!", "aa!"],
    ["$3", ""], // a group that did not take part
    ["$9", ""],
    ["$$1", "$1"],
    ["cost: $", "cost: $"],
    ["${1", "${1"],
    ["$-", "$-"],
    ["plain", "plain"],
  ])("%j expands to %j", (template, want) => {
    expect(expandTemplate(template, m)).toBe(want);
  });
});

describe("relabel", () => {
  const base = { __name__: "http_requests_total", method: "GET", code: "200", path: "/v1/chat" };

  it.each([
    [
      "replace copies a label with the default regex and replacement",
      "- source_labels: [method]\n  target_label: verb",
      { ...base, verb: "GET" },
    ],
    [
      "replace joins source labels with the separator and expands groups",
      "- source_labels: [method, code]\n  separator: '@'\n  regex: '(.*)@(2..)'\n  target_label: route\n  replacement: '${2}:$1'",
      { ...base, route: "200:GET" },
    ],
    [
      "replace leaves labels alone when the regex does not match (it is fully anchored)",
      "- source_labels: [code]\n  regex: '20'\n  target_label: ok\n  replacement: 'yes'",
      base,
    ],
    [
      "replace with an empty result deletes the target label",
      "- source_labels: [missing]\n  target_label: path",
      { __name__: "http_requests_total", method: "GET", code: "200" },
    ],
    [
      "replace can name the target label from a group",
      "- source_labels: [method]\n  regex: '(.*)'\n  target_label: 'm_$1'\n  replacement: x",
      { ...base, m_GET: "x" },
    ],
    [
      "replace skips a target label name that expands to something invalid",
      "- source_labels: [path]\n  target_label: '$1'\n  replacement: x",
      base,
    ],
    [
      "labeldrop removes labels whose names match",
      "- action: labeldrop\n  regex: 'co.*|path'",
      { __name__: "http_requests_total", method: "GET" },
    ],
    [
      "labelkeep keeps only labels whose names match",
      "- action: labelkeep\n  regex: '__name__|code'",
      { __name__: "http_requests_total", code: "200" },
    ],
    [
      "labelmap copies labels under names built from the replacement",
      "- action: labelmap\n  regex: '(me|co)(.*)'\n  replacement: 'orig_$1$2'",
      { ...base, orig_method: "GET", orig_code: "200" },
    ],
    [
      "(?i) makes the match case-insensitive",
      "- source_labels: [method]\n  regex: '(?i)get'\n  target_label: read\n  replacement: 'true'",
      { ...base, read: "true" },
    ],
    [
      "named groups in RE2 spelling work",
      "- source_labels: [path]\n  regex: '/(?P<ver>v\\d)/.*'\n  target_label: api\n  replacement: '$ver'",
      { ...base, api: "v1" },
    ],
  ])("%s", (_name, yaml, want) => {
    expect(relabel(base, rules(yaml))).toEqual(want);
  });

  it.each([
    ["keep drops what does not match", "- source_labels: [__name__]\n  regex: 'http_.*'\n  action: keep", false],
    ["keep is anchored: a partial match is no match", "- source_labels: [__name__]\n  regex: 'http'\n  action: keep", true],
    ["drop drops what matches", "- source_labels: [code]\n  regex: '2..'\n  action: drop", true],
    ["drop keeps what does not match", "- source_labels: [code]\n  regex: '5..'\n  action: drop", false],
  ])("%s", (_name, yaml, dropped) => {
    expect(relabel(base, rules(yaml)) === null).toBe(dropped);
  });

  it("applies rules in order, each seeing the result of the previous one", () => {
    const r = rules(
      [
        "- source_labels: [path]\n  regex: '/(v\\d)/(.*)'\n  target_label: version",
        "- source_labels: [version]\n  regex: 'v1'\n  action: drop",
      ].join("\n"),
    );
    expect(relabel(base, r)).toBeNull();
    expect(relabel({ ...base, path: "/v2/chat" }, r)).toEqual({ ...base, path: "/v2/chat", version: "v2" });
  });

  it("lets . match a newline, as Prometheus's (?s) does", () => {
    const r = rules("- source_labels: [msg]\n  regex: 'a.b'\n  action: keep");
    expect(relabel({ __name__: "x", msg: "a\nb" }, r)).not.toBeNull();
  });

  it("does not modify its input", () => {
    const input = { ...base };
    relabel(input, rules("- action: labeldrop\n  regex: code"));
    expect(input).toEqual(base);
  });
});
