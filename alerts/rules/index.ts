/**
 * alerts/rules: Prometheus-format rule files (alerting and recording rules), loaded and checked
 * with file positions, the alert state machine (state.ts) and group evaluation (evaluate.ts).
 */
export { parseRuleFile } from "./rule-file";
export { loadRuleFiles, type LoadedRules } from "./load";
export { RuleFileError, type AlertingRule, type RecordingRule, type Rule, type RuleGroup, type StringMap } from "./types";
export { expandTemplate, type TemplateData } from "./template";
export { humanize, humanizeDuration, humanizePercentage } from "./template-funcs";
export { expandGlob, hasMeta, GlobSyntaxError } from "./glob";
export { type Alert, type AlertState, type AlertTransition } from "./alert";
export { nextAlerts, alertFingerprint, AlertLimitError, type EvalSample, type StateOptions, type NextAlerts } from "./state";
export { evaluateGroup, groupKey, ruleKey, notifiedAlert, type EvalDeps, type GroupEvalResult } from "./evaluate";
