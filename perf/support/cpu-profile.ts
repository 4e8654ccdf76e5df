/**
 * Where a Node process's CPU went, from a V8 `.cpuprofile` (`node --cpu-prof`): time by module
 * (parser, scrape labels, tsdb, drivers, PGlite's wasm engine, GC) and the inclusive time of the
 * ingest path's main functions, restricted to a time window so start-up is left out.
 */
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds per category and per function, and the total (idle excluded). */
export interface ProfileSummary {
  totalMs: number;
  byModule: [string, number][];
  inclusive: [string, number][];
  /** Self time of the heaviest functions, builtins charged to their caller. */
  top: [string, number][];
}

const MODULES: [string, (url: string, fn: string) => boolean][] = [
  ["GC", (_u, f) => f === "(garbage collector)"],
  ["PGlite: SQL engine (wasm)", (u) => u.startsWith("wasm://")],
  ["PGlite: JS glue", (u) => u.includes("@electric-sql/pglite")],
  ["lib/exposition: parse", (u) => u.includes("/lib/exposition/")],
  ["lib/scrape: labels, relabel, staleness, HTTP", (u) => u.includes("/lib/scrape/")],
  ["lib/tsdb: validate, hash, sort, SQL arrays", (u) => u.includes("/lib/tsdb/")],
  ["drizzle-orm", (u) => u.includes("drizzle-orm")],
  ["pg driver (pg, pg-protocol, pg-pool)", (u) => /node_modules\/pg(-protocol|-pool)?\//.test(u)],
  ["node: crypto (sha256)", (u) => u.includes("crypto")],
  ["node: http, net, zlib, streams", (u) => /node:(_http|http|net|zlib|internal\/(streams|http|net|zlib|stream_base))/.test(u) || /^node:(stream|buffer|events)/.test(u)],
  ["prom-client", (u) => u.includes("prom-client")],
  ["workers/ (job runner, leases)", (u) => u.includes("/workers/")],
  ["V8/native, unattributed", (u, f) => f === "(program)" || u === ""],
];

// Functions whose inclusive time tells parse from label work from SQL (matched by name and file).
const FUNCTIONS: [string, string, string][] = [
  ["parseExposition (body -> samples)", "parseExposition", "/lib/exposition/"],
  ["processBody (target labels, relabel, cache)", "processBody", "/lib/scrape/process"],
  ["tsdb appendScrape (whole append)", "appendScrape", "/lib/tsdb/append"],
  ["  prepare: validate + seriesRef per sample", "prepare", "/lib/tsdb/append"],
  ["    seriesRef: labelsKey + sha256", "seriesRef", "/lib/tsdb/series-index"],
  ["  headRows: sort samples by series", "headRows", "/lib/tsdb/append"],
  ["  intArray/floatArray: array literals", "Array", "/lib/tsdb/sql-util"],
  ["status recordScrape (Targets page row)", "recordScrape", "/lib/scrape/status-store"],
  ["readBody (gunzip, size limit)", "readBody", "/lib/scrape/body"],
];

function moduleOf(url: string, fn: string): string | null {
  for (const [name, test] of MODULES) if (test(url, fn)) return name;
  return null;
}

/**
 * Summarizes the profile between monotonic times `fromUs` and `toUs` (process.hrtime in µs; V8
 * stamps samples with the same clock). Builtins such as JSON.parse have no file: their time goes
 * to the nearest caller that has one.
 */
export function summarizeProfile(file: string, fromUs = -Infinity, toUs = Infinity): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const modules = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const leafModule = new Map<number, string>();
  const selfTime = new Map<string, number>();
  let t = p.startTime;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    // A sample's duration is the gap to the next one.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (t < fromUs || t > toUs) continue;
    const leaf = byId.get(p.samples[i])!;
    if (leaf.callFrame.functionName === "(idle)") continue;
    total += dt;
    let mod = leafModule.get(leaf.id);
    let fnName = "";
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id)!.callFrame;
      if (cf.url === "" && cf.functionName !== "(garbage collector)" && cf.functionName !== "(program)") continue;
      fnName = `${cf.functionName || "(anonymous)"} ${cf.url.replace(/^.*\/(node_modules\/)?/, "")}`.trim();
      if (mod === undefined) mod = moduleOf(cf.url, cf.functionName) ?? "other (node internals, tsx)";
      break;
    }
    mod ??= "other (node internals, tsx)";
    leafModule.set(leaf.id, mod);
    modules.set(mod, (modules.get(mod) ?? 0) + dt);
    selfTime.set(fnName, (selfTime.get(fnName) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id)!.callFrame;
      for (const [label, fn, url] of FUNCTIONS) {
        const match = fn === "Array" ? /^(intArray|floatArray|textArray)$/.test(cf.functionName) : cf.functionName === fn;
        if (match && cf.url.includes(url) && !seen.has(label)) {
          seen.add(label);
          inclusive.set(label, (inclusive.get(label) ?? 0) + dt);
        }
      }
    }
  }
  return {
    totalMs: total,
    byModule: [...modules.entries()].sort((a, b) => b[1] - a[1]),
    inclusive: FUNCTIONS.map(([label]) => [label, inclusive.get(label) ?? 0]),
    top: [...selfTime.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15),
  };
}

/** The largest profile in a directory: the worker's, not npm's or tsx's launcher's. */
export function largestProfile(dir: string): string | null {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  files.sort((a, b) => fs.statSync(`${dir}/${b}`).size - fs.statSync(`${dir}/${a}`).size);
  return files.length ? `${dir}/${files[0]}` : null;
}
