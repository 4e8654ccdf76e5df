import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Version facts, shaped like Prometheus's buildinfo. */
export interface BuildInfo {
  version: string;
  revision: string;
  nodeVersion: string;
}

let cached: BuildInfo | null = null;

/** Reads the package version and the git revision once per process. */
export function buildInfo(): BuildInfo {
  if (cached) return cached;
  let version = "unknown";
  try {
    version = JSON.parse(fs.readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), "package.json"), "utf8")).version ?? version;
  } catch {
    /* not run from a checkout */
  }
  let revision = "unknown";
  try {
    revision = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    /* not a git checkout */
  }
  cached = { version, revision, nodeVersion: process.version };
  return cached;
}
