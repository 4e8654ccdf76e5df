export * from "./jobs";
export * from "./tsdb";
