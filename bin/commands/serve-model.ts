import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { inspectGgufFile, startEngine, startModelServer } from "@/lib/inference";
import { intOption } from "./gguf";

interface ServeOpts {
  model: string;
  port: number;
  host: string;
  parallel: number;
  threads: number;
  queue: number;
  ctx?: number;
  servedModelName?: string;
  faultInjection?: boolean;
}

/**
 * `headroom serve-model --model FILE`: serves a GGUF model on an OpenAI-compatible HTTP API
 * with vLLM-named metrics, until SIGINT or SIGTERM.
 */
export function registerServeModel(program: Command): void {
  program
    .command("serve-model")
    .description("serve a GGUF model (llama.cpp on CPU) on an OpenAI-compatible API with vLLM-style /metrics")
    .requiredOption("--model <file>", "the .gguf model file")
    .option("--port <n>", "TCP port (0 picks a free one)", intOption, 8000)
    .option("--host <addr>", "address to listen on", "127.0.0.1")
    .option("--parallel <n>", "requests generating at once (batched together)", intOption, 1)
    .option("--threads <n>", "CPU threads for llama.cpp (0: one per core)", intOption, 0)
    .option("--queue <n>", "requests that may wait for a slot; more get 429", intOption, 16)
    .option("--ctx <n>", "context length per request (default: the model's, at most 4096)", intOption)
    .option("--served-model-name <name>", "the model name clients send and metrics carry (default: the file name)")
    .option("--fault-injection", "answer requests carrying x-headroom-fault: <status> with that status (for demos and alert tests)")
    .action(async (o: ServeOpts) => {
      if (o.parallel < 1) throw new Error("--parallel: must be at least 1");
      const file = path.resolve(o.model);
      const header = await inspectGgufFile(file);
      const arch = String(header.metadata.get("general.architecture") ?? "");
      const trained = Number(header.metadata.get(`${arch}.context_length`) ?? 4096);
      const ctx = o.ctx ?? Math.min(trained, 4096);
      if (ctx < 16) throw new Error("--ctx: must be at least 16");
      const name = o.servedModelName ?? path.basename(file).replace(/\.gguf$/i, "");
      const threads = o.threads || os.availableParallelism();
      process.stderr.write(`loading ${file} (ctx ${ctx} x ${o.parallel}, ${threads} threads)\n`);
      const engine = await startEngine({ modelPath: file, threads, contextSize: ctx, parallel: o.parallel });
      const server = await startModelServer({ engine, modelName: name, host: o.host, port: o.port, parallel: o.parallel, queue: o.queue, faultInjection: o.faultInjection });
      process.stdout.write(`serving ${name} at ${server.url} (parallel ${o.parallel}, queue ${o.queue}, loaded in ${Math.round(engine.info?.loadMs ?? 0)} ms)\n`);
      // Runs until a signal; a dead model process ends the server too, so a supervisor restarts it.
      const reason = await new Promise<string | null>((resolve) => {
        const stop = () => resolve(null);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        // Started by Headroom's demo (with an IPC channel): it ends when Headroom goes away.
        if (process.send) {
          if (process.connected) process.once("disconnect", stop);
          else stop();
        }
        void engine.whenExited().then(() => resolve(engine.exitError?.message ?? "the model process ended"));
      });
      await server.close();
      await engine.close();
      if (reason) throw new Error(reason);
    });
}
