/**
 * alerts/rules: Prometheus-format rule files (alerting and recording rules), loaded and checked
 * with file positions. Evaluation and notification are not built yet.
 */
export { parseRuleFile } from "./rule-file";
export { loadRuleFiles, type LoadedRules } from "./load";
export { RuleFileError, type AlertingRule, type RecordingRule, type Rule, type RuleGroup, type StringMap } from "./types";
export { expandTemplate, type TemplateData } from "./template";
export { humanize, humanizeDuration, humanizePercentage } from "./template-funcs";
export { expandGlob, hasMeta, GlobSyntaxError } from "./glob";
