/**
 * lib/demo: Headroom's demo traffic. On a fresh start with no targets of the operator's own, a
 * tiny synthetic model is served by `headroom serve-model`, scraped as job "headroom-demo" with
 * label demo="true", and sent a light load with a daily rhythm and occasional error bursts.
 */
export { DEMO_JOB, DEMO_LABELS, DEMO_MODEL, demoDecision, isDemoTarget, type DemoDecision, type DemoInputs, type TargetRowLike } from "./decision";
export { DEFAULT_SHAPE, burstAt, burstOfSlot, errorRatio, nextGapMs, requestRate, type Burst, type BurstShape, type LoadShape } from "./load-shape";
export { DemoLoad, type DemoLoadOptions, type LoadStats } from "./load";
export { DemoRunner, localShape, type DemoRunnerOptions } from "./runner";
export { DEMO_MODEL_ARGS, ensureDemoModel, startDemoServer, type CliLocation, type DemoServer, type DemoServerOptions } from "./server-process";
export { ensureDemoTarget, listDemoTargets, listTargetRows, readDemoSetting, removeDemoTargets, writeDemoSetting } from "./store";
export { demoSettingSchema, demoStatus, type DemoStatus } from "./status";
