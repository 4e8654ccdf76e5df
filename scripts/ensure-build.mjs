// Runs before `npm start`: builds the app when there is no production build yet, or when a
// source file is newer than it, so `npm install && npm start` works on a fresh clone.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");
const SOURCES = ["app", "components", "lib", "alerts", "workers", "db", "instrumentation.ts", "instrumentation-node.ts", "next.config.ts", "package.json"];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (builtAt === 0 || changedAt > builtAt) {
  console.log(builtAt === 0 ? "headroom: no production build yet, building (about a minute)..." : "headroom: sources changed since the last build, rebuilding...");
  execFileSync("npx", ["next", "build"], { stdio: "inherit" });
}
