import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { formatBytes } from "@/lib/format";
import {
  SYNTH_TYPES,
  defaultModelName,
  ggmlTypeName,
  inspectGgufFile,
  validateSpec,
  writeSyntheticModel,
  type SynthSpec,
  type SynthType,
} from "@/lib/inference";

/** Parses a non-negative integer option value, naming the problem as commander expects. */
export function intOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("must be a non-negative integer");
  return n;
}

interface SynthOpts {
  out: string;
  type: string;
  dim: number;
  layers: number;
  heads: number;
  kvHeads?: number;
  ff: number;
  vocab: number;
  ctx: number;
  seed: number;
  name?: string;
  json?: boolean;
}

/** `headroom gguf synth|inspect`: writes synthetic GGUF models and summarizes GGUF files. */
export function registerGguf(program: Command): void {
  const gguf = program.command("gguf").description("work with GGUF model files");
  gguf
    .command("synth")
    .description("write a llama-architecture GGUF model with seeded random (synthetic) weights")
    .requiredOption("--out <file>", "the .gguf file to write")
    .option("--type <type>", `weight format: ${SYNTH_TYPES.join(", ")}`, "q8_0")
    .option("--dim <n>", "embedding size", intOption, 768)
    .option("--layers <n>", "transformer blocks", intOption, 12)
    .option("--heads <n>", "attention heads", intOption, 12)
    .option("--kv-heads <n>", "key/value heads (grouped-query attention; default: --heads)", intOption)
    .option("--ff <n>", "feed-forward size", intOption, 2048)
    .option("--vocab <n>", "vocabulary size (byte-level tokenizer, at least 259)", intOption, 32000)
    .option("--ctx <n>", "trained context length written to the metadata", intOption, 2048)
    .option("--seed <n>", "random seed for the weights", intOption, 0)
    .option("--name <name>", "general.name (default: synthetic-llama-d<dim>-l<layers>-<type>)")
    .option("--json", "print the result as JSON")
    .action(async (o: SynthOpts) => {
      const spec: SynthSpec = {
        type: o.type.toLowerCase() as SynthType,
        dim: o.dim,
        layers: o.layers,
        heads: o.heads,
        kvHeads: o.kvHeads ?? o.heads,
        ff: o.ff,
        vocab: o.vocab,
        ctx: o.ctx,
        seed: o.seed,
        name: o.name,
      };
      validateSpec(spec);
      const out = path.resolve(o.out);
      const t0 = performance.now();
      const tty = process.stderr.isTTY;
      let shown = -1;
      const result = await writeSyntheticModel(out, spec, (f) => {
        const pct = Math.floor(f * 100);
        if (tty && pct !== shown) process.stderr.write(`\rwriting ${path.basename(out)}: ${(shown = pct)}%`);
      });
      if (tty) process.stderr.write("\n");
      const seconds = (performance.now() - t0) / 1000;
      if (o.json) process.stdout.write(JSON.stringify({ ...result, type: spec.type, name: spec.name ?? defaultModelName(spec), seconds }) + "\n");
      else
        process.stdout.write(
          `${out}: ${(result.parameters / 1e6).toFixed(1)}M parameters, ${spec.type.toUpperCase()}, ${formatBytes(result.bytes)} ` +
            `(synthetic weights, seed ${spec.seed}) in ${seconds.toFixed(1)}s\n`,
        );
    });
  gguf
    .command("inspect")
    .description("check a GGUF file and print its architecture, shapes and tensor types")
    .argument("<file>", "the .gguf file")
    .option("--json", "print a JSON object")
    .action(async (file: string, o: { json?: boolean }) => {
      const h = await inspectGgufFile(path.resolve(file));
      const md = h.metadata;
      const arch = String(md.get("general.architecture") ?? "?");
      const types = new Map<string, number>();
      for (const t of h.tensors) types.set(ggmlTypeName(t.type), (types.get(ggmlTypeName(t.type)) ?? 0) + 1);
      const params = h.tensors.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0);
      const summary = {
        file: path.resolve(file),
        version: h.version,
        architecture: arch,
        name: md.get("general.name") ?? null,
        parameters: params,
        bytes: h.fileBytes,
        tensors: h.tensors.length,
        tensorTypes: Object.fromEntries(types),
        contextLength: md.get(`${arch}.context_length`) ?? null,
        embeddingLength: md.get(`${arch}.embedding_length`) ?? null,
        blockCount: md.get(`${arch}.block_count`) ?? null,
        vocabSize: (md.get("tokenizer.ggml.tokens") as unknown[] | undefined)?.length ?? null,
        synthetic: md.get("headroom.synthetic") === true,
      };
      if (o.json) process.stdout.write(JSON.stringify(summary) + "\n");
      else
        process.stdout.write(
          `${summary.file}: GGUF v${h.version}, ${arch}${summary.synthetic ? " (synthetic weights)" : ""}, ` +
            `${(params / 1e6).toFixed(1)}M parameters, ${formatBytes(h.fileBytes)}, ${h.tensors.length} tensors ` +
            `(${[...types].map(([k, v]) => `${v} ${k}`).join(", ")})\n`,
        );
    });
}
