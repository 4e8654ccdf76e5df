/**
 * Summary of the server's V8 CPU profile for perf/load-viewers.ts --profile: self time by area
 * (PGlite, PromQL engine, store, auth, Next.js, GC) and the hottest functions. The
 * production bundle is minified, so frames are mapped back through its source maps.
 */
import fs from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let m: SourceMap | null = null;
    try {
      const file = url.startsWith("file://") ? fileURLToPath(url) : url;
      if (fs.existsSync(`${file}.map`)) m = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
    } catch {
      m = null;
    }
    maps.set(url, m);
  }
  return maps.get(url)!;
}

/** Original source (relative to the working directory) and name of a frame, via source maps. */
function origin(f: ProfileNode["callFrame"]): { source: string; name: string } {
  const file = f.url.startsWith("file://") ? fileURLToPath(f.url) : f.url;
  const m = f.url ? sourceMapOf(f.url) : null;
  let source = file;
  if (m && f.lineNumber >= 0) {
    const e = m.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (e.originalSource) {
      const orig = e.originalSource.replace(/^turbopack:\/\/\/\[project\]\//, `${process.cwd()}/`);
      // Relative sources are relative to the map's folder (Turbopack chunks, PGlite's dist).
      source = `${/^[a-z]+:/.test(orig) ? orig : path.resolve(path.dirname(file), orig)}:${(e.originalLine ?? 0) + 1}`;
    }
  } else if (file) {
    source = `${file}:${f.lineNumber + 1}`;
  }
  return { source: source.replace(`${process.cwd()}/`, ""), name: f.functionName || "(anonymous)" };
}

const AREAS: [string, RegExp][] = [
  ["PGlite: SQL execution (WASM)", /^wasm:/],
  ["PGlite: JS around the WASM (result text parsing: arrays, int8 via BigInt, bytea hex)", /@electric-sql\//],
  ["PromQL engine", /lib\/promql\//],
  ["store (select, decode, merge)", /lib\/tsdb\//],
  ["scrape and parse", /lib\/(scrape|exposition)\//],
  ["auth (better-auth, tokens)", /better-auth|lib\/auth\/|@noble|jose/],
  ["drizzle", /drizzle-orm/],
  ["Next.js server", /node_modules\/next\/|^webpack:\/\/next\/|\[turbopack\]/],
  ["React rendering", /react-dom|react-server|node_modules\/react\//],
];

function area(source: string, name: string): string {
  if (name === "(garbage collector)") return "garbage collection";
  if (name === "(idle)") return "idle";
  if (name === "(program)") return "V8 / native (program)";
  for (const [label, re] of AREAS) if (re.test(source)) return label;
  if (/^node:|^internal\//.test(source)) return "Node.js internals (http, streams)";
  if (!source) return "native code without a caller";
  return "other application code";
}

/** Prints the summary of the newest .cpuprofile in `dir`. */
export function summarizeProfile(dir: string, log: (m: string) => void): void {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  if (files.length === 0) return log(`no CPU profile was written in ${dir}`);
  // The largest profile is the server's (next start may leave a small one from a helper process).
  const file = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((nd) => [nd.id, nd]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const parent = new Map<number, number>();
  for (const nd of p.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id);
  // Native and Node.js-internal frames (fs reads, Buffer writes) count with the code that called
  // them (PGlite reads its data pages through fs); with no such caller they keep their own area.
  const internal = (src: string) => src === "" || /^(node:|internal\/)/.test(src);
  const areaOf = (id: number): string => {
    const o = origin(byId.get(id)!.callFrame);
    if (o.name.startsWith("(")) return area(o.source, o.name);
    let viaFs = o.source.startsWith("node:fs");
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
      const u = origin(byId.get(up)!.callFrame);
      viaFs ||= u.source.startsWith("node:fs");
      if (!internal(u.source)) {
        if (!internal(o.source)) return area(o.source, o.name);
        const a = area(u.source, u.name);
        return viaFs && a.startsWith("PGlite") ? "PGlite: file I/O (synchronous fs reads and writes of its pages)" : a;
      }
    }
    return area(o.source, o.name);
  };
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const o = origin(byId.get(id)!.callFrame);
    const a = areaOf(id);
    areas.set(a, (areas.get(a) ?? 0) + us);
    if (a !== "idle") fns.set(`${o.name}  ${o.source}`, (fns.get(`${o.name}  ${o.source}`) ?? 0) + us);
    total += us;
  }
  const busy = total - (areas.get("idle") ?? 0);
  log("");
  log(`== CPU profile of the server (${path.basename(file)}): ${(total / 1e6).toFixed(0)} s sampled, ${((busy / total) * 100).toFixed(0)}% busy on the main thread ==`);
  log("  self time by area (share of busy time):");
  for (const [a, us] of [...areas].filter(([a]) => a !== "idle").sort((x, y) => y[1] - x[1])) log(`    ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${a}`);
  log("  hottest functions (self time):");
  for (const [f, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, 15)) log(`    ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${f}`);
  log("  (native and Node.js-internal frames, such as fs reads, count with the code that called them)");
}
