/** Parsing one Prometheus rule file (`groups:` of alerting and recording rules) with positions. */
import { LineCounter, parseDocument, type Node } from "yaml";
import { labelNameProblem, readDuration, readNonNegativeInt, readStringMap } from "./fields";
import { parseRule } from "./rule";
import { RuleFileError, type Rule, type RuleGroup } from "./types";
import { Problems, readList, readMap, readString, startOf, type Item } from "./yaml-nodes";

const GROUP_KEYS = ["name", "interval", "limit", "query_offset", "labels", "rules"] as const;

/**
 * Parses and validates a rule file's text. Throws RuleFileError listing every problem, one
 * `file:line:col: path: message` line each; an empty file or `groups: []` gives no groups.
 */
export function parseRuleFile(text: string, fileName: string): RuleGroup[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const p = new Problems(fileName, doc, lc);
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const message = err.code === "MULTIPLE_DOCS" ? "a rule file must hold a single YAML document" : err.message.split("\n")[0];
      p.at(err.pos[0], "", message);
    }
    throw new RuleFileError(p.lines);
  }
  const groups = readGroups(p, text, p.resolve(doc.contents, ""));
  if (p.lines.length > 0) throw new RuleFileError(p.lines);
  return groups;
}

function readGroups(p: Problems, text: string, root: Node | null): RuleGroup[] {
  if (root === null) return [];
  const top = readMap(p, root, "", ["groups"]);
  const list = top?.get("groups")?.value;
  if (!list) return [];
  const items = readList(p, list, "groups");
  if (!items) return [];
  const groups: RuleGroup[] = [];
  // Names must be unique per file only: Prometheus keys groups by file and name.
  const seen = new Map<string, number>();
  for (const item of items) {
    const group = readGroup(p, text, item);
    if (!group) continue;
    const first = seen.get(group.group.name);
    if (first !== undefined && group.group.name !== "") {
      p.node(group.nameNode, `${item.path}.name`, `duplicate group name ${JSON.stringify(group.group.name)} (first on line ${first})`);
    } else seen.set(group.group.name, p.line(startOf(group.nameNode)));
    groups.push(group.group);
  }
  return groups;
}

function readGroup(p: Problems, text: string, item: Item): { group: RuleGroup; nameNode: unknown } | null {
  if (item.node === null) {
    p.node(item.raw, item.path, "expected a rule group, got an empty item");
    return null;
  }
  const f = readMap(p, item.node, item.path, GROUP_KEYS);
  if (!f) return null;
  const nameField = f.get("name");
  const name = readString(p, nameField);
  if (!nameField) p.node(item.node, `${item.path}.name`, "required field is missing");
  else if (!name) p.node(nameField.value ?? nameField.key, nameField.path, "must not be empty");
  const group: RuleGroup = {
    name: name ?? "",
    file: p.file,
    intervalMs: readDuration(p, f.get("interval"), { positive: true }),
    limit: readNonNegativeInt(p, f.get("limit")) ?? 0,
    queryOffsetMs: readDuration(p, f.get("query_offset")),
    labels: readStringMap(p, f.get("labels"), labelNameProblem),
    rules: [],
  };
  const rulesNode = f.get("rules")?.value;
  for (const ruleItem of (rulesNode && readList(p, rulesNode, `${item.path}.rules`)) || []) {
    const rule: Rule | null = parseRule(p, text, ruleItem);
    if (rule) group.rules.push(rule);
  }
  return { group, nameNode: nameField?.value ?? nameField?.key ?? item.node };
}
