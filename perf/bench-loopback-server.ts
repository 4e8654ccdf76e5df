/**
 * The loopback OpenAI-compatible server of perf/bench-client-overhead.ts, in its own process so
 * that it does not share the benchmark client's event loop (or its CPU core).
 *
 *   npx tsx perf/bench-loopback-server.ts [--ttft-ms N] [--itl-ms N] [--chunks N] [--record]
 *
 * Prints `{"url": ...}` on one line once listening; runs until killed or its stdin closes.
 */
import { startFakeOpenAiServer } from "@/lib/bench/testing";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const server = await startFakeOpenAiServer(
  {
    ttftMs: Number(flag("--ttft-ms") ?? 0),
    itlMs: Number(flag("--itl-ms") ?? 0),
    chunks: Number(flag("--chunks") ?? 16),
  },
  0,
  process.argv.includes("--record"),
);
process.stdout.write(JSON.stringify({ url: server.url }) + "\n");
// The parent closes our stdin when it is done (or dies): leave then, never orphaned.
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
