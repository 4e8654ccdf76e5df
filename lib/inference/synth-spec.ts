/**
 * The shape of a synthetic llama-architecture model and everything derived from it without I/O:
 * the tensor list (names, ggml dims, types, offsets) and the GGUF metadata llama.cpp requires.
 */
import { alignUp, GgufValueType as T, type GgufKv, type GgufTensorInfo } from "./gguf-encode";
import { GgmlType, tensorBytes } from "./ggml-types";
import { MIN_VOCAB, type Vocab } from "./vocab";

/** Weight formats a synthetic model can be written in. */
export const SYNTH_TYPES = ["f16", "q8_0", "q4_0"] as const;
/** A weight format for the 2-D tensors (norms are always F32). */
export type SynthType = (typeof SYNTH_TYPES)[number];

/** The shape and seed of a synthetic model. */
export interface SynthSpec {
  type: SynthType;
  dim: number;
  layers: number;
  heads: number;
  kvHeads: number;
  ff: number;
  vocab: number;
  ctx: number;
  seed: number;
  name?: string;
}

/** A spec that cannot make a loadable model; `field` names the offending option. */
export class SpecError extends Error {
  constructor(readonly field: string, message: string) {
    super(`--${field}: ${message}`);
  }
}

/** One tensor to write, with how to fill it. */
export interface SynthTensor extends GgufTensorInfo {
  bytes: number;
  /** "ones" for norms; "uniform" for weights, scaled by 1/sqrt(dims[0]). */
  fill: "ones" | "uniform";
}

const WEIGHT_TYPE = { f16: GgmlType.F16, q8_0: GgmlType.Q8_0, q4_0: GgmlType.Q4_0 } as const;
// llama.cpp's llama_ftype numbering ("mostly" F16 / Q4_0 / Q8_0).
const FILE_TYPE = { f16: 1, q4_0: 2, q8_0: 7 } as const;
/** The alignment synthetic files use for tensor data. */
export const SYNTH_ALIGNMENT = 32;

/** Checks a spec; throws SpecError for the first problem found. */
export function validateSpec(s: SynthSpec): void {
  const positive: (keyof SynthSpec)[] = ["dim", "layers", "heads", "kvHeads", "ff", "vocab", "ctx"];
  for (const k of positive) {
    const v = s[k] as number;
    if (!Number.isInteger(v) || v < 1) throw new SpecError(kebab(k), `must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 0xffffffff) throw new SpecError("seed", "must be an integer in [0, 2^32)");
  if (!SYNTH_TYPES.includes(s.type)) throw new SpecError("type", `must be one of ${SYNTH_TYPES.join(", ")}`);
  if (s.dim % s.heads !== 0) throw new SpecError("heads", `must divide --dim ${s.dim}`);
  if ((s.dim / s.heads) % 2 !== 0) throw new SpecError("heads", "head size (dim / heads) must be even for RoPE");
  if (s.heads % s.kvHeads !== 0) throw new SpecError("kv-heads", `must divide --heads ${s.heads}`);
  if (s.vocab < MIN_VOCAB) throw new SpecError("vocab", `must be at least ${MIN_VOCAB} (3 special + 256 byte tokens)`);
  if (s.type !== "f16") {
    // Quantized rows are whole 32-value blocks: ne0 is dim for most tensors and ff for ffn_down.
    if (s.dim % 32 !== 0) throw new SpecError("dim", `must be a multiple of 32 for ${s.type}`);
    if (s.ff % 32 !== 0) throw new SpecError("ff", `must be a multiple of 32 for ${s.type}`);
  }
}

function kebab(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The tensors of the model in file order, with aligned data offsets. */
export function modelTensors(s: SynthSpec): SynthTensor[] {
  const w = WEIGHT_TYPE[s.type];
  const kvDim = (s.dim / s.heads) * s.kvHeads;
  const list: [string, number[], number, SynthTensor["fill"]][] = [
    ["token_embd.weight", [s.dim, s.vocab], w, "uniform"],
    ["output_norm.weight", [s.dim], GgmlType.F32, "ones"],
    ["output.weight", [s.dim, s.vocab], w, "uniform"],
  ];
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    list.push(
      [`${p}attn_norm.weight`, [s.dim], GgmlType.F32, "ones"],
      [`${p}attn_q.weight`, [s.dim, s.dim], w, "uniform"],
      [`${p}attn_k.weight`, [s.dim, kvDim], w, "uniform"],
      [`${p}attn_v.weight`, [s.dim, kvDim], w, "uniform"],
      [`${p}attn_output.weight`, [s.dim, s.dim], w, "uniform"],
      [`${p}ffn_norm.weight`, [s.dim], GgmlType.F32, "ones"],
      [`${p}ffn_gate.weight`, [s.dim, s.ff], w, "uniform"],
      [`${p}ffn_up.weight`, [s.dim, s.ff], w, "uniform"],
      [`${p}ffn_down.weight`, [s.ff, s.dim], w, "uniform"],
    );
  }
  let offset = 0;
  return list.map(([name, dims, type, fill]) => {
    const bytes = tensorBytes(type, dims.reduce((a, b) => a * b, 1));
    if (bytes === null) throw new SpecError("type", `tensor ${name} ${dims.join("x")} does not fit ${s.type} blocks`);
    const t: SynthTensor = { name, dims, type, offset, bytes, fill };
    offset = alignUp(offset + bytes, SYNTH_ALIGNMENT);
    return t;
  });
}

/** The number of weights (parameters) of the model. */
export function parameterCount(s: SynthSpec): number {
  return modelTensors(s).reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0);
}

/** The GGUF metadata of the model: llama hyperparameters, tokenizer and provenance. */
export function modelMetadata(s: SynthSpec, vocab: Vocab): GgufKv[] {
  const u32 = (key: string, value: number): GgufKv => ({ key, type: T.UINT32, value });
  const f32 = (key: string, value: number): GgufKv => ({ key, type: T.FLOAT32, value });
  return [
    { key: "general.architecture", type: T.STRING, value: "llama" },
    { key: "general.name", type: T.STRING, value: s.name ?? defaultModelName(s) },
    u32("general.file_type", FILE_TYPE[s.type]),
    u32("general.quantization_version", 2),
    u32("general.alignment", SYNTH_ALIGNMENT),
    u32("llama.context_length", s.ctx),
    u32("llama.embedding_length", s.dim),
    u32("llama.block_count", s.layers),
    u32("llama.feed_forward_length", s.ff),
    u32("llama.attention.head_count", s.heads),
    u32("llama.attention.head_count_kv", s.kvHeads),
    u32("llama.rope.dimension_count", s.dim / s.heads),
    f32("llama.rope.freq_base", 10000),
    f32("llama.attention.layer_norm_rms_epsilon", 1e-5),
    u32("llama.vocab_size", s.vocab),
    { key: "tokenizer.ggml.model", type: T.STRING, value: "llama" },
    { key: "tokenizer.ggml.tokens", type: T.ARRAY, itemType: T.STRING, values: vocab.tokens },
    { key: "tokenizer.ggml.scores", type: T.ARRAY, itemType: T.FLOAT32, values: vocab.scores },
    { key: "tokenizer.ggml.token_type", type: T.ARRAY, itemType: T.INT32, values: vocab.types },
    u32("tokenizer.ggml.bos_token_id", vocab.bos),
    u32("tokenizer.ggml.eos_token_id", vocab.eos),
    u32("tokenizer.ggml.unknown_token_id", vocab.unk),
    { key: "tokenizer.ggml.add_bos_token", type: T.BOOL, value: true },
    { key: "tokenizer.ggml.add_eos_token", type: T.BOOL, value: false },
    // Provenance, so that nobody mistakes the file's outputs for a real model's.
    { key: "headroom.synthetic", type: T.BOOL, value: true },
    u32("headroom.seed", s.seed),
  ];
}

/** `synthetic-llama-d768-l12-q8_0`: the general.name used when the spec has none. */
export function defaultModelName(s: SynthSpec): string {
  return `synthetic-llama-d${s.dim}-l${s.layers}-${s.type}`;
}
