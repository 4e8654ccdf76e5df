import fs from "node:fs";
import path from "node:path";
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { envSchema, fileSchema, type FileConfig } from "./schema";

/** Headroom's whole configuration: the YAML file's sections plus what the environment says. */
export interface HeadroomConfig extends FileConfig {
  /** The YAML file that was read, or null when none was. */
  file: string | null;
  database: { url: string | null; dataDir: string };
  workers: { enabled: boolean };
  auth: {
    secret: string | null;
    baseURL: string | null;
    adminEmail: string;
    adminPassword: string | null;
    publicMetrics: boolean;
  };
  /** Key material for lib/secrets; null means secrets cannot be stored. */
  secretKey: string | null;
}

/** A configuration error that names the file position (or variable) and the key. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The default file name, looked for in the working directory when HEADROOM_CONFIG is unset. */
export const DEFAULT_CONFIG_FILE = "headroom.yml";

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>, cwd = /*turbopackIgnore: true*/ process.cwd()): HeadroomConfig {
  // An empty variable counts as unset, as shells and container specs often leave them so.
  const envResult = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!envResult.success) {
    throw new ConfigError(
      envResult.error.issues.map((i) => `environment variable ${i.path.join(".")}: ${i.message}`).join("\n"),
    );
  }
  const e = envResult.data;
  let file: string | null = null;
  if (e.HEADROOM_CONFIG) {
    file = path.resolve(/*turbopackIgnore: true*/ cwd, e.HEADROOM_CONFIG);
    if (!fs.existsSync(/*turbopackIgnore: true*/ file)) throw new ConfigError(`HEADROOM_CONFIG: ${file}: no such file`);
  } else if (fs.existsSync(path.join(/*turbopackIgnore: true*/ cwd, DEFAULT_CONFIG_FILE))) {
    file = path.join(/*turbopackIgnore: true*/ cwd, DEFAULT_CONFIG_FILE);
  }
  const fileConfig = file ? parseConfigText(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8"), file) : fileSchema.parse({});
  return {
    ...fileConfig,
    file,
    database: { url: e.DATABASE_URL ?? null, dataDir: path.resolve(/*turbopackIgnore: true*/ cwd, e.HEADROOM_DATA_DIR) },
    workers: { enabled: e.HEADROOM_WORKERS },
    auth: {
      secret: e.HEADROOM_SECRET ?? null,
      baseURL: e.HEADROOM_URL ?? null,
      adminEmail: e.HEADROOM_ADMIN_EMAIL,
      adminPassword: e.HEADROOM_ADMIN_PASSWORD ?? null,
      publicMetrics: e.HEADROOM_PUBLIC_METRICS,
    },
    secretKey: e.HEADROOM_SECRET_KEY ?? null,
    demo: { ...fileConfig.demo, enabled: e.HEADROOM_DEMO ?? fileConfig.demo.enabled },
  };
}

/** Validates YAML text; errors read `file:line:col: key.path: message`. */
export function parseConfigText(text: string, fileName: string): FileConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors
        .map((err) => {
          const pos = lineCounter.linePos(err.pos[0]);
          return `${fileName}:${pos.line}:${pos.col}: ${err.message.split("\n")[0]}`;
        })
        .join("\n"),
    );
  }
  let raw: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); unresolved aliases throw here.
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    throw new ConfigError(`${fileName}:1:1: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  const result = fileSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => describeIssue(i, doc, lineCounter, fileName)).join("\n"));
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, lc: LineCounter, fileName: string): string {
  const at = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const offset = keyOffset(doc, at, key) ?? nodeOffset(doc, at);
    const where = keyPath([...at, key]);
    return `${fileName}:${fmt(lc, offset)}: ${where}: unknown field "${key}"${issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).map((k) => `"${k}"`).join(", ")})` : ""}`;
  }
  if (issue.code === "invalid_key" && at.length > 0) {
    const key = String(at[at.length - 1]);
    const offset = keyOffset(doc, at.slice(0, -1), key) ?? nodeOffset(doc, at);
    return `${fileName}:${fmt(lc, offset)}: ${keyPath(at)}: ${issue.issues[0]?.message ?? issue.message}`;
  }
  const where = at.length ? keyPath(at) : "(top level)";
  const missing = issue.code === "invalid_type" && doc.getIn(at) === undefined;
  return `${fileName}:${fmt(lc, nodeOffset(doc, at))}: ${where}: ${missing ? "required field is missing" : issue.message}`;
}

// The offset of the deepest node that exists along the path, so a missing key points at its parent.
function nodeOffset(doc: Document, at: Array<string | number>): number | null {
  for (let n = at.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(at.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return range[0];
  }
  return null;
}

function keyOffset(doc: Document, at: Array<string | number>, key: string): number | null {
  const parent = at.length === 0 ? doc.contents : doc.getIn(at, true);
  if (!isMap(parent)) return null;
  for (const pair of parent.items) {
    if (isPair(pair) && isScalar(pair.key) && pair.key.value === key) return pair.key.range?.[0] ?? null;
  }
  return null;
}

/** `scrape_configs[0].job_name`, as Prometheus's own messages name fields. */
function keyPath(at: Array<string | number>): string {
  return at.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function fmt(lc: LineCounter, offset: number | null): string {
  if (offset === null) return "1:1";
  const pos = lc.linePos(offset);
  return `${pos.line}:${pos.col}`;
}
