import fs from "node:fs";
import path from "node:path";

/** A route of the app found on disk, with the HTTP methods it answers. */
export interface AppRoute {
  url: string;
  kind: "page" | "api";
  methods: string[];
  /** The file that defines it, relative to the app folder. */
  file: string;
}

const METHOD_RE = /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g;

/**
 * Walks app/ for page.tsx and route.ts files, so that a route added later is covered by the
 * access test without anyone remembering to list it. Dynamic segments get sample values.
 */
export function discoverRoutes(appDir = path.join(process.cwd(), "app")): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue; // private folders hold no routes
        const seg = /^\(.*\)$/.test(entry.name)
          ? null
          : entry.name.replace(/^\[\[?\.\.\.(.+?)\]\]?$/, "sample/path").replace(/^\[(.+)\]$/, "sample");
        walk(path.join(dir, entry.name), seg === null ? segments : [...segments, seg]);
      } else if (entry.name === "page.tsx") {
        out.push({ url: "/" + segments.join("/"), kind: "page", methods: ["GET"], file: path.relative(appDir, path.join(dir, entry.name)) });
      } else if (entry.name === "route.ts") {
        const src = fs.readFileSync(path.join(dir, entry.name), "utf8");
        const methods = [...src.matchAll(METHOD_RE)].map((m) => m[1]);
        out.push({ url: "/" + segments.join("/"), kind: "api", methods, file: path.relative(appDir, path.join(dir, entry.name)) });
      }
    }
  };
  walk(appDir, []);
  return out;
}

/** Routes that are open by design: sign-in, setup, health, and /metrics while it is public. */
export const PUBLIC_ROUTES = new Set(["/login", "/setup", "/health", "/metrics", "/api/session/login", "/api/setup"]);
