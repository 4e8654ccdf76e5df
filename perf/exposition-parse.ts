/**
 * Exposition parser throughput: Headroom's lib/exposition against the npm package
 * parse-prometheus-text-format, on Prometheus's own 237-family test exposition.
 *
 *   npx tsx perf/exposition-parse.ts [seconds]
 *
 * Prints MB/s and samples/s for each parser and the ratio. The contenders run in alternating
 * rounds of about 250 ms so that load from other processes on the machine hits them alike, and
 * long enough that the garbage one contender leaves is mostly collected on its own time.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseExposition } from "@/lib/exposition";

const FILE = path.resolve(process.cwd(), "../shared/conformance/exposition/alltypes.237mfs.prom.txt");
const seconds = Number(process.argv[2] ?? 2);
const ROUND_MS = 250;

// The package is CommonJS without type declarations; this is its whole surface that we use.
const requireCjs = createRequire(import.meta.url);
const parseOther = requireCjs("parse-prometheus-text-format") as (text: string) => { metrics: unknown[] }[];

interface Contender {
  name: string;
  run: () => number;
  /** Wall-clock and process CPU milliseconds spent in timed rounds. */
  time: number;
  cpu: number;
  runs: number;
}

function main(): void {
  let body: string;
  try {
    body = readFileSync(FILE, "utf8");
  } catch {
    console.error(`perf/exposition-parse: cannot read ${FILE} (the shared conformance data)`);
    process.exit(1);
  }
  const samples = parseExposition(body, { format: "text" }).length;
  const contenders: Contender[] = [
    { name: "headroom parse", run: () => parseExposition(body, { format: "text" }).length, time: 0, cpu: 0, runs: 0 },
    {
      name: "headroom parse + labels()",
      run: () => {
        const exp = parseExposition(body, { format: "text" });
        let n = 0;
        for (let i = 0; i < exp.length; i++) n += exp.labels(i) === null ? 0 : 1;
        return n;
      },
      time: 0,
      cpu: 0,
      runs: 0,
    },
    { name: "parse-prometheus-text-format", run: () => parseOther(body).length, time: 0, cpu: 0, runs: 0 },
  ];

  // Warm-up: let the JIT settle on every contender before timing.
  for (const c of contenders) for (let i = 0; i < 300; i++) c.run();

  const deadline = performance.now() + seconds * 1000 * contenders.length;
  while (performance.now() < deadline) {
    for (const c of contenders) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < ROUND_MS) {
        for (let i = 0; i < 10; i++) c.run();
        c.runs += 10;
        t = performance.now();
      }
      c.time += t - t0;
      const cpu = process.cpuUsage(cpu0);
      c.cpu += (cpu.user + cpu.system) / 1000;
    }
  }

  // CPU time is the steadier figure on a shared machine; wall time is what a caller waits.
  const mb = body.length / 1e6;
  console.log(`input: ${path.basename(FILE)}, ${(body.length / 1024).toFixed(1)} KiB, ${samples} samples`);
  for (const c of contenders) {
    const wall = c.runs / (c.time / 1000);
    const cpu = c.runs / (c.cpu / 1000);
    console.log(
      `${c.name.padEnd(30)} wall: ${(wall * mb).toFixed(1).padStart(7)} MB/s ${((wall * samples) / 1e6).toFixed(2).padStart(6)} M samples/s | ` +
        `cpu: ${(cpu * mb).toFixed(1).padStart(7)} MB/s ${((cpu * samples) / 1e6).toFixed(2).padStart(6)} M samples/s`,
    );
  }
  const other = contenders[2];
  for (const c of contenders.slice(0, 2)) {
    const wall = other.time / other.runs / (c.time / c.runs);
    const cpu = other.cpu / other.runs / (c.cpu / c.runs);
    console.log(`ratio ${c.name} / ${other.name}: wall ${wall.toFixed(1)}x, cpu ${cpu.toFixed(1)}x`);
  }
}

main();
