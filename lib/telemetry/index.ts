export { telemetry, createTelemetry, type Telemetry } from "./registry";
export { instrumentRoute } from "./http";
export { recordJobRun } from "./jobs";
