/**
 * Local GGUF models for runs started over HTTP come from one folder only,
 * `HEADROOM_DATA_DIR/models`: a request names a file there, never a path, so a web user cannot
 * make the server open arbitrary files. What is in the folder is the operator's choice: an
 * admin with shell access copies a model in, or links one (symlinks are followed).
 */
import fs from "node:fs";
import path from "node:path";

/** The folder page-started GGUF benchmarks read models from. */
export function modelsDir(dataDir: string): string {
  return path.join(dataDir, "models");
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.gguf$/i;

/** Resolves a model file name inside `dir`; refuses paths, hidden files and missing files. */
export function resolveModelFile(dir: string, name: string): { ok: true; path: string } | { ok: false; error: string } {
  if (/[/\\]/.test(name) || name.includes("..")) return { ok: false, error: "give the name of a .gguf file in the models folder (HEADROOM_DATA_DIR/models), not a path" };
  if (!NAME.test(name)) return { ok: false, error: `"${name}" is not a model file name (letters, digits, . _ - ending in .gguf)` };
  const file = path.join(dir, name);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(/*turbopackIgnore: true*/ file);
  } catch {
    return { ok: false, error: `no model ${name} in the models folder (HEADROOM_DATA_DIR/models)` };
  }
  if (!stat.isFile()) return { ok: false, error: `${name} in the models folder is not a file` };
  return { ok: true, path: file };
}

/** The .gguf files in `dir`, by name; empty when the folder does not exist. */
export function listModelFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(/*turbopackIgnore: true*/ dir)
      .filter((n) => NAME.test(n))
      .sort();
  } catch {
    return [];
  }
}
