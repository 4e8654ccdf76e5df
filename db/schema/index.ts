export * from "./jobs";
export * from "./tsdb";
export * from "./auth";
