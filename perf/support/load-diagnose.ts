/**
 * Where a dashboard refresh spends its time, for perf/load-viewers.ts --diagnose: with the server
 * stopped, the same data directory is opened in this process and each panel's range query is
 * timed alone (store select apart from engine and JSON encoding), then all panels at once, and
 * the per-request auth lookups the proxy and the route handler make.
 */
import { openDb } from "@/db/client";
import { user } from "@/db/schema";
import { createApiToken, createAuthService } from "@/lib/auth";
import { loadConfig } from "@/lib/config";
import type { Matcher, SeriesSamples } from "@/lib/model";
import { matcherPredicate, rangeQuery, toApiData } from "@/lib/promql";
import { createRuntime } from "@/lib/runtime";
import { Tsdb } from "@/lib/tsdb";
import { PANELS } from "./load-client";
import { fmtMs } from "./load-report";

class CountingTsdb extends Tsdb {
  selectMs = 0;
  samples = 0;
  seriesRead = 0;
  private active = 0;
  private since = 0;
  // Wall time with at least one select running: the engine may issue a query's selects at once.
  override async select(matchers: Matcher[], minT: number, maxT: number): Promise<SeriesSamples[]> {
    if (this.active++ === 0) this.since = performance.now();
    let out: SeriesSamples[];
    try {
      out = await super.select(matchers, minT, maxT);
    } finally {
      if (--this.active === 0) this.selectMs += performance.now() - this.since;
    }
    this.seriesRead += out.length;
    for (const s of out) this.samples += s.timestamps.length;
    return out;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** Prints the breakdown; `cookie` is a viewer's session cookie from the run. */
export async function diagnose(o: { dataDir: string; configFile: string; cookie: string; rangeS: number; stepS: number; viewers: number; refreshS: number; log: (m: string) => void }): Promise<void> {
  const handle = await openDb({ dataDir: o.dataDir });
  try {
    const store = new CountingTsdb(handle.db, { matcherPredicate });
    const end = Math.floor(Date.now() / 1000 / o.stepS) * o.stepS * 1000;
    const start = end - o.rangeS * 1000;
    const one = async (expr: string) => JSON.stringify({ status: "success", data: toApiData((await rangeQuery(store, expr, start, end, o.stepS * 1000)).value) });
    for (const p of PANELS) await one(p.expr); // warm PGlite's buffers, as a running server has them
    o.log("");
    o.log("== diagnosis: the same data in this process, server stopped, one query at a time (median of 5) ==");
    o.log(`  ${"panel".padEnd(16)}${"total".padStart(10)}${"select".padStart(10)}${"engine+json".padStart(13)}${"series".padStart(8)}${"samples".padStart(10)}`);
    let sum = 0;
    let selectSum = 0;
    for (const p of PANELS) {
      const totals: number[] = [];
      const selects: number[] = [];
      for (let i = 0; i < 5; i++) {
        store.selectMs = store.samples = store.seriesRead = 0;
        const t0 = performance.now();
        await one(p.expr);
        totals.push(performance.now() - t0);
        selects.push(store.selectMs);
      }
      const total = median(totals);
      const sel = median(selects);
      sum += total;
      selectSum += sel;
      o.log(`  ${p.name.padEnd(16)}${fmtMs(total).padStart(10)}${fmtMs(sel).padStart(10)}${fmtMs(total - sel).padStart(13)}${String(store.seriesRead).padStart(8)}${store.samples.toLocaleString("en-US").padStart(10)}`);
    }
    const together = await timeIt(3, () => Promise.all(PANELS.map((p) => one(p.expr))));
    o.log(`  one refresh (${PANELS.length} panels): ${fmtMs(sum)} one after another, ${fmtMs(together)} all at once: PGlite runs in this thread, one statement at a time, so concurrency cannot help`);
    o.log(`  select share: ${((selectSum / sum) * 100).toFixed(0)}% of panel time (SQL in PGlite plus chunk decoding and merging); the rest is the PromQL engine and JSON`);

    const config = loadConfig({ HEADROOM_DATA_DIR: o.dataDir, HEADROOM_CONFIG: o.configFile, HEADROOM_URL: "http://127.0.0.1" });
    const svc = await createAuthService(createRuntime(config, handle));
    const [u] = await handle.db.select({ id: user.id }).from(user).limit(1);
    const { token } = await createApiToken(handle.db, u.id, "diagnosis");
    const sessionMs = await timeIt(50, () => svc.identify(new Headers({ cookie: o.cookie })));
    const tokenMs = await timeIt(50, () => svc.identify(new Headers({ authorization: `Bearer ${token}` })));
    o.log(`  auth per identify(): session cookie ${fmtMs(sessionMs)}, API token ${fmtMs(tokenMs)} (+ a lastUsedAt UPDATE); each API request identifies twice (proxy.ts, then the route)`);
    const perSecond = (o.viewers / o.refreshS) * (sum + 2 * PANELS.length * sessionMs);
    o.log(
      `  demand: ${o.viewers} viewers / ${o.refreshS} s x ${fmtMs(sum + 2 * PANELS.length * sessionMs)} per refresh = ${(perSecond / 1000).toFixed(2)} s of work per second on one thread ` +
        `(capacity ~${((1000 / (sum + 2 * PANELS.length * sessionMs)) * o.refreshS).toFixed(0)} viewers at this refresh before requests queue)`,
    );
  } finally {
    await handle.close();
  }
}
