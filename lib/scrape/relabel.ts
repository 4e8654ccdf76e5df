import type { Labels } from "@/lib/model";
import type { RelabelRule } from "./types";

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Expands `$1`, `${1}`, `$name`, `${name}` and `$$` in a template with a regex match, as Go's
 * regexp.Expand does: a reference to a missing group is empty, and a `$` that starts no valid
 * reference is kept as it is. Like Go, `$1x` refers to a group named "1x", not group 1.
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf("$", i);
    if (dollar < 0 || dollar === template.length - 1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    if (template[dollar + 1] === "$") {
      out += "$";
      i = dollar + 2;
      continue;
    }
    const braced = template[dollar + 1] === "{";
    let j = dollar + (braced ? 2 : 1);
    const nameStart = j;
    while (j < template.length && isNameChar(template.charCodeAt(j))) j++;
    const name = template.slice(nameStart, j);
    if (name === "" || (braced && template[j] !== "}")) {
      out += "$"; // malformed: the dollar is literal text
      i = dollar + 1;
      continue;
    }
    i = braced ? j + 1 : j;
    out += groupValue(match, name);
  }
  return out;
}

function groupValue(match: RegExpExecArray, name: string): string {
  if (/^\d+$/.test(name)) {
    // Go rejects leading zeros, so "$01" names a group called "01".
    if (name.length > 1 && name[0] === "0") return match.groups?.[name] ?? "";
    return match[Number(name)] ?? "";
  }
  return match.groups?.[name] ?? "";
}

/**
 * Applies metric_relabel_configs to a label set, Prometheus style. Returns the new labels, or
 * null when a keep or drop rule dropped the sample. Empty values mean "no label" and are removed.
 */
export function relabel(labels: Labels, rules: readonly RelabelRule[]): Record<string, string> | null {
  const lb: Record<string, string> = { ...labels };
  for (const rule of rules) {
    let value = "";
    if (rule.source_labels.length > 0) value = rule.source_labels.map((n) => lb[n] ?? "").join(rule.separator);
    switch (rule.action) {
      case "keep":
        if (!rule.regex.test(value)) return null;
        break;
      case "drop":
        if (rule.regex.test(value)) return null;
        break;
      case "replace": {
        const m = rule.regex.exec(value);
        if (!m) break;
        const target = expandTemplate(rule.target_label ?? "", m);
        if (!LABEL_NAME.test(target)) break;
        const res = expandTemplate(rule.replacement, m);
        if (res === "") delete lb[target];
        else lb[target] = res;
        break;
      }
      case "labeldrop":
        for (const name of Object.keys(lb)) if (rule.regex.test(name)) delete lb[name];
        break;
      case "labelkeep":
        for (const name of Object.keys(lb)) if (!rule.regex.test(name)) delete lb[name];
        break;
      case "labelmap":
        // Computed from the labels as they were before this rule, so mapped names are not re-mapped.
        for (const [name, v] of Object.entries(lb)) {
          const m = rule.regex.exec(name);
          if (!m) continue;
          const to = expandTemplate(rule.replacement, m);
          if (LABEL_NAME.test(to)) lb[to] = v;
        }
        break;
    }
  }
  for (const name of Object.keys(lb)) if (lb[name] === "") delete lb[name];
  return lb;
}
