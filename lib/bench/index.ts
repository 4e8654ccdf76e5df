/**
 * The benchmark runner: drives an OpenAI-compatible endpoint or a local GGUF model (llama.cpp)
 * at fixed concurrency, request rates or a replayed trace; measures TTFT, TPOT, ITL, E2E,
 * throughput and goodput; and names the per-replica capacity under an SLO for lib/capacity.
 */
export type { BenchRequest, BenchTarget, FailureCause, RequestFailure, RequestRecord, TargetTiming } from "./types";
export { failureKey } from "./types";
export { OpenAiTarget, resolveEndpoint, type OpenAiTargetOptions } from "./openai-target";
export type { Endpoint } from "./openai-chunk";
export { DEFAULT_REQUESTS, PLAN_DEFAULTS, levelLabel, levelLoad, planConfig, validatePlan, type BenchPlan, type LevelSpec, type StopConditions } from "./plan";
export { FlagError, nonNegativeInt, planFromFlags, positiveInt, type PlanFlags } from "./plan-input";
export { startGgufTarget, type GgufTargetOptions } from "./gguf-target";
export { runBench, type BenchResult, type RunOptions } from "./run";
export type { LevelProgress, LevelResult, StopReason } from "./level";
export { summarizeLevel, requestMetrics, type Goodput, type LevelSummary, type RequestMetrics } from "./summary";
export { describe, percentile, type Distribution } from "./stats";
export { formatSlo, hasObjectives, meetsSlo, parseSlo, type Slo } from "./goodput";
export { selectCapacity, type Capacity, type CapacityResult, type LevelOutcome, type LoadKind } from "./capacity";
export { arrivalGaps, arrivalTimes } from "./arrivals";
export { PromptSource } from "./prompt";
export { parseTrace, readTrace, TraceError, type TraceRow } from "./trace";
export { decodeRecords, encodeRecords } from "./records-codec";
export {
  BenchRecorder,
  HEARTBEAT_MS,
  HEARTBEAT_STALE_MS,
  getBenchRun,
  latestCapacity,
  listBenchRuns,
  loadLevelRecords,
  markInterruptedRuns,
  runState,
  type BenchLevelRow,
  type BenchRunRow,
  type BenchRunState,
  type StoredCapacity,
} from "./store";
export { ProgressReporter, progressLine, type ProgressSink } from "./progress";
export { RESULT_VERSION, capacityLine, resultDocument, resultTable } from "./report";
export { BenchInputError, benchRequestSchema, flagsToFields, parseBenchRequest, type QueuedSpec, type QueuedTarget } from "./request-input";
export { REQUEST_LIMITS, checkLimits } from "./request-limits";
export { listModelFiles, modelsDir, resolveModelFile } from "./models-dir";
export { BENCH_DENY, assertHostAllowed, denyingLookup } from "./outbound";
export { levelFraction, preparingProgress, runProgress, type RunProgress } from "./run-progress";
export { cancelBenchRun, claimBenchRun, describeRunTarget, enqueueBenchRun, notifyBenchQueued, reportProgress, waitForQueuedRun, type CancelOutcome, type ClaimedRun, type NewQueuedRun } from "./queue";
export { openQueuedTarget, runQueuedBench, type OpenedTarget, type QueuedRunEnv } from "./run-queued";
export { runDetail, runListItem, type LevelView, type RunDetail, type RunListItem } from "./views";
export { EXPORTABLE_STATES, exportDocument, storedResult } from "./export";
export { CSV_COLUMNS, csvCell, levelsCsv, type CsvLevel } from "./csv";
export {
  LATENCY_METRICS,
  QUANTILES,
  compareChart,
  formatFigure,
  sweepChart,
  sweepPoints,
  type ChartLevel,
  type ChartMark,
  type CompareRun,
  type LatencyMetric,
  type Quantile,
  type SweepChartData,
  type SweepLine,
  type SweepPoint,
  type ThroughputAxis,
} from "./chart";
export { cancelRun, listRuns, parseRunId, readRun, startBenchRun, type StartContext } from "./service";
