export * from "./jobs";
export * from "./tsdb";
export * from "./auth";
export * from "./scrape";
export * from "./datasources";
export * from "./bench";
export * from "./alerts";
