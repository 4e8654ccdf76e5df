/**
 * Expanding Prometheus alert templates (`{{ $labels.instance }}`, `{{ $value | humanize }}`):
 * the subset of Go text/template that labels and annotations use, with Prometheus's functions.
 */
import { FUNCS, goType, printValue, TemplateError, type TemplateValue } from "./template-funcs";
import { isSyntaxError, splitTemplate } from "./template-lex";
import { tokenizeAction, type Token } from "./template-tokens";

/** What a template can refer to: the alert's labels and value, and the external labels. */
export interface TemplateData {
  labels: Record<string, string>;
  value: number;
  externalLabels?: Record<string, string>;
}

// Functions Prometheus (or Go) defines that Headroom does not implement yet: they get a clearer
// message than a name that is defined nowhere.
const NOT_YET = new Set([
  "query", "first", "label", "value", "strvalue", "args", "tmpl", "safeHtml", "match", "reReplaceAll", "title",
  "graphLink", "tableLink", "sortByLabel", "humanize1024", "humanizeTimestamp", "toTime", "toDuration",
  "parseDuration", "pathPrefix", "externalURL", "stripPort", "stripDomain", "now", "urlQueryEscape",
  "and", "or", "not", "len", "index", "slice", "print", "println", "html", "js", "urlquery", "eq", "ne", "lt",
  "le", "gt", "ge", "call",
]);
const KEYWORDS = new Set(["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"]);

/**
 * Expands a template as Prometheus does for an alert's labels and annotations. Never throws: on
 * any error the result is `<error expanding template: ...>`, as Prometheus shows it.
 */
export function expandTemplate(text: string, data: TemplateData): string {
  try {
    const parts = splitTemplate(text);
    if (isSyntaxError(parts)) throw new TemplateError(parts.message);
    let out = "";
    for (const part of parts) out += part.kind === "text" ? part.text : evalAction(part.body, data);
    return out;
  } catch (err) {
    return `<error expanding template: ${err instanceof Error ? err.message : String(err)}>`;
  }
}

function evalAction(body: string, data: TemplateData): string {
  const tokens = tokenizeAction(body);
  const commands: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === "pipe") commands.push([]);
    else commands[commands.length - 1].push(t);
  }
  let piped: TemplateValue | undefined;
  for (const [head, ...rest] of commands) {
    if (!head) throw new TemplateError("missing command in pipeline");
    if (head.kind === "ident" && head.name !== "true" && head.name !== "false") {
      if (KEYWORDS.has(head.name)) throw new TemplateError(`{{ ${head.name} }} actions are not supported`);
      const fn = Object.hasOwn(FUNCS, head.name) ? FUNCS[head.name] : undefined;
      if (!fn) {
        throw new TemplateError(
          NOT_YET.has(head.name) ? `function "${head.name}" is not supported yet` : `function "${head.name}" not defined`,
        );
      }
      const args = rest.map((t) => operand(t, data));
      if (piped !== undefined) args.push(piped);
      piped = fn(args);
    } else {
      if (rest.length > 0 || piped !== undefined) throw new TemplateError("can't give argument to non-function");
      piped = operand(head, data);
    }
  }
  return printValue(piped ?? null);
}

function operand(t: Token, data: TemplateData): TemplateValue {
  switch (t.kind) {
    case "string":
    case "number":
      return t.value;
    case "ident":
      if (t.name === "true" || t.name === "false") return t.name === "true";
      throw new TemplateError(`function "${t.name}" used as an argument is not supported`);
    case "var":
      // `$` alone is the template's data, like the dot.
      if (t.name === "") return walk(dataField(t.fields[0], data), t.fields.slice(1));
      return walk(variable(t.name, data), t.fields);
    case "field":
      return walk(dataField(t.fields[0], data), t.fields.slice(1));
    default:
      throw new TemplateError(`unexpected ${t.kind}`);
  }
}

// A field of the data Prometheus passes to alert templates; `undefined` is the bare dot.
function dataField(name: string | undefined, data: TemplateData): TemplateValue {
  if (name === undefined) throw new TemplateError("printing the whole template data is not supported");
  if (name === "Labels") return data.labels;
  if (name === "ExternalLabels") return data.externalLabels ?? {};
  if (name === "Value") return data.value;
  throw new TemplateError(`can't evaluate field ${name}${name === "ExternalURL" ? " (not supported yet)" : ""}`);
}

// The variables Prometheus defines before every alert template.
function variable(name: string, data: TemplateData): TemplateValue {
  if (name === "labels") return data.labels;
  if (name === "externalLabels") return data.externalLabels ?? {};
  if (name === "value") return data.value;
  throw new TemplateError(`undefined variable "$${name}"${name === "externalURL" ? " (not supported yet)" : ""}`);
}

function walk(v: TemplateValue, names: string[]): TemplateValue {
  for (const name of names) {
    if (v === null || typeof v !== "object") throw new TemplateError(`can't evaluate field ${name} in type ${goType(v)}`);
    // A missing label prints "<no value>", as Go does for a missing map key.
    v = Object.prototype.hasOwnProperty.call(v, name) ? v[name] : null;
  }
  return v;
}
