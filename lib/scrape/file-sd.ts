import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { TargetGroup } from "./targets";

const groupSchema = z.array(
  z.strictObject({
    targets: z.array(z.string().min(1).regex(/^[^/\s]+$/, "not a valid host:port")),
    labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "invalid label name"), z.string()).default({}),
  }),
);

/**
 * Parses a file_sd file: a JSON (.json) or YAML (.yml, .yaml) list of `{targets, labels}`.
 * Throws an Error naming the file and the offending entry.
 */
export function parseTargetGroups(text: string, fileName: string): TargetGroup[] {
  let raw: unknown;
  try {
    raw = fileName.endsWith(".json") ? JSON.parse(text) : (parseYaml(text) ?? []);
  } catch (err) {
    throw new Error(`${fileName}: ${(err as Error).message.split("\n")[0]}`);
  }
  const result = groupSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  throw new Error(`${fileName}: ${at || "(top level)"}: ${message}`);
}

/** A Go filepath.Match pattern for one path segment (`*`, `?`, `[...]`) as a RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let src = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") src += "[^/]*";
    else if (c === "?") src += "[^/]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) src += "\\[";
      else {
        src += "[" + pattern.slice(i + 1, close) + "]"; // Go and JavaScript classes agree, [^...] included
        i = close;
      }
    } else src += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${src}$`);
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  readAt: number;
  groups: TargetGroup[];
}

/** One file_sd_configs entry of a job. */
export interface FileSdSpec {
  job: string;
  files: readonly string[];
  refreshIntervalMs: number;
}

/**
 * Reads file_sd files and keeps them: a file is read again when its size or mtime changes, or
 * once its refresh_interval has passed. A file that fails to parse keeps its last good groups,
 * as in Prometheus, and the error is reported through `onError`.
 */
export class FileSdCache {
  private readonly files = new Map<string, CachedFile>();

  constructor(private readonly onError: (message: string) => void = () => {}) {}

  /** Target groups per job, from every file the patterns match now. */
  async load(specs: readonly FileSdSpec[], baseDir: string, now: number): Promise<Map<string, TargetGroup[]>> {
    const out = new Map<string, TargetGroup[]>();
    const live = new Set<string>();
    for (const spec of specs) {
      const groups = out.get(spec.job) ?? [];
      out.set(spec.job, groups);
      for (const pattern of spec.files) {
        for (const file of await this.expand(path.resolve(/*turbopackIgnore: true*/ baseDir, pattern))) {
          live.add(file);
          groups.push(...(await this.read(file, spec.refreshIntervalMs, now)));
        }
      }
    }
    for (const file of this.files.keys()) if (!live.has(file)) this.files.delete(file);
    return out;
  }

  private async expand(pattern: string): Promise<string[]> {
    const dir = path.dirname(pattern);
    const base = path.basename(pattern);
    if (!/[*?[]/.test(base)) return [pattern];
    const re = globToRegExp(base);
    try {
      return (await fs.readdir(/*turbopackIgnore: true*/ dir)).filter((n) => re.test(n)).sort().map((n) => path.join(/*turbopackIgnore: true*/ dir, n));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.onError(`file_sd: ${dir}: ${(err as Error).message}`);
      return [];
    }
  }

  private async read(file: string, refreshMs: number, now: number): Promise<TargetGroup[]> {
    const cached = this.files.get(file);
    let stat: { mtimeMs: number; size: number };
    try {
      stat = await fs.stat(/*turbopackIgnore: true*/ file);
    } catch (err) {
      // A named file that is missing has no targets; only other failures are worth reporting.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.onError(`file_sd: ${file}: ${(err as Error).message}`);
      this.files.delete(file);
      return [];
    }
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size && now - cached.readAt < refreshMs) return cached.groups;
    try {
      const groups = parseTargetGroups(await fs.readFile(/*turbopackIgnore: true*/ file, "utf8"), file);
      this.files.set(file, { ...stat, readAt: now, groups });
      return groups;
    } catch (err) {
      this.onError(`file_sd: ${(err as Error).message}`);
      if (cached) this.files.set(file, { ...stat, readAt: now, groups: cached.groups });
      return cached?.groups ?? [];
    }
  }
}
