/** The rule groups a Prometheus-format rule file declares, after validation. */

/** Label or annotation name to value, in the order the file gives them. */
export type StringMap = Record<string, string>;

/** An alerting rule: fires while `expr` returns series, after they stayed for `forMs`. */
export interface AlertingRule {
  kind: "alert";
  /** The alert name, which becomes the `alertname` label. */
  name: string;
  /** The PromQL expression as written in the file. */
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  /** Labels added to each alert; values may hold templates. */
  labels: StringMap;
  /** Annotations of each alert; values may hold templates. */
  annotations: StringMap;
  /** The 1-based line where the rule starts in its file. */
  line: number;
}

/** A recording rule: stores the result of `expr` as the series `name`. */
export interface RecordingRule {
  kind: "record";
  /** The metric name the result is recorded under. */
  name: string;
  /** The PromQL expression as written in the file. */
  expr: string;
  /** Labels added to each recorded series (not templated). */
  labels: StringMap;
  /** The 1-based line where the rule starts in its file. */
  line: number;
}

/** One rule of a group. */
export type Rule = AlertingRule | RecordingRule;

/** A named group of rules evaluated together at one interval. */
export interface RuleGroup {
  name: string;
  /** The file the group came from, as it was named to the loader. */
  file: string;
  /** The group's own evaluation interval; null means the global evaluation_interval. */
  intervalMs: number | null;
  /** The most alerts or series one rule may produce; 0 means no limit. */
  limit: number;
  /** How far back the group evaluates; null means the global default. */
  queryOffsetMs: number | null;
  /** Labels added to every rule of the group (Prometheus 3); a rule's own labels win. */
  labels: StringMap;
  rules: Rule[];
}

/** Every problem found in one or more rule files, one `file:line:col: path: message` per line. */
export class RuleFileError extends Error {
  /** The problems, one line each, in the order they were found. */
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "RuleFileError";
    this.problems = problems;
  }
}
