export { loadConfig, parseConfigText, ConfigError, DEFAULT_CONFIG_FILE, type HeadroomConfig } from "./load";
export { parseDuration, formatDuration } from "./duration";
export { durationMs, fileSchema, type FileConfig, type ScrapeConfig } from "./schema";
