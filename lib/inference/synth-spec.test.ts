import { describe, expect, it } from "vitest";
import { modelMetadata, modelTensors, parameterCount, validateSpec, type SynthSpec } from "./synth-spec";
import { buildByteVocab } from "./vocab";

const tiny: SynthSpec = { type: "q8_0", dim: 64, layers: 2, heads: 4, kvHeads: 2, ff: 96, vocab: 300, ctx: 256, seed: 1 };

describe("validateSpec", () => {
  it("accepts a consistent shape", () => {
    expect(() => validateSpec(tiny)).not.toThrow();
  });

  it.each<[Partial<SynthSpec>, RegExp]>([
    [{ dim: 0 }, /^--dim: must be a positive integer/],
    [{ dim: 66 }, /^--heads: must divide --dim 66/],
    [{ heads: 32, kvHeads: 32, dim: 96 }, /^--heads: head size .* must be even/],
    [{ kvHeads: 3 }, /^--kv-heads: must divide --heads 4/],
    [{ vocab: 100 }, /^--vocab: must be at least 259/],
    [{ dim: 48, heads: 4, kvHeads: 4 }, /^--dim: must be a multiple of 32 for q8_0/],
    [{ ff: 100 }, /^--ff: must be a multiple of 32 for q8_0/],
    [{ type: "q5_k" as never }, /^--type: must be one of f16, q8_0, q4_0/],
    [{ seed: -1 }, /^--seed:/],
  ])("rejects %j", (patch, message) => {
    expect(() => validateSpec({ ...tiny, ...patch })).toThrow(message);
  });

  it("allows any row length for f16", () => {
    expect(() => validateSpec({ ...tiny, type: "f16", dim: 48, heads: 4, kvHeads: 4, ff: 100 })).not.toThrow();
  });
});

describe("modelTensors", () => {
  it("lists llama's tensors with ggml dims (ne0 first) and F32 norms", () => {
    const byName = new Map(modelTensors(tiny).map((t) => [t.name, t]));
    expect(byName.size).toBe(3 + 9 * 2);
    expect(byName.get("token_embd.weight")).toMatchObject({ dims: [64, 300], type: 8 });
    expect(byName.get("output.weight")).toMatchObject({ dims: [64, 300], type: 8 });
    expect(byName.get("output_norm.weight")).toMatchObject({ dims: [64], type: 0, fill: "ones" });
    expect(byName.get("blk.1.attn_q.weight")?.dims).toEqual([64, 64]);
    expect(byName.get("blk.1.attn_k.weight")?.dims).toEqual([64, 32]); // 2 kv heads of 16
    expect(byName.get("blk.1.attn_v.weight")?.dims).toEqual([64, 32]);
    expect(byName.get("blk.1.attn_output.weight")?.dims).toEqual([64, 64]);
    expect(byName.get("blk.0.ffn_gate.weight")?.dims).toEqual([64, 96]);
    expect(byName.get("blk.0.ffn_up.weight")?.dims).toEqual([64, 96]);
    expect(byName.get("blk.0.ffn_down.weight")?.dims).toEqual([96, 64]);
    expect(byName.get("blk.0.ffn_norm.weight")?.type).toBe(0);
  });

  it("aligns every offset to 32 and sizes blocks by type", () => {
    const ts = modelTensors(tiny);
    for (const t of ts) expect(t.offset % 32).toBe(0);
    expect(ts.find((t) => t.name === "token_embd.weight")?.bytes).toBe((64 * 300 / 32) * 34);
    const q4 = modelTensors({ ...tiny, type: "q4_0" }).find((t) => t.name === "token_embd.weight");
    expect(q4?.bytes).toBe((64 * 300 / 32) * 18);
    const f16 = modelTensors({ ...tiny, type: "f16" }).find((t) => t.name === "token_embd.weight");
    expect(f16?.bytes).toBe(64 * 300 * 2);
  });

  it("counts parameters like the usual formula", () => {
    const s = { ...tiny, type: "f16" as const, dim: 768, layers: 12, heads: 12, kvHeads: 12, ff: 2048, vocab: 32000 };
    const perLayer = 2 * 768 + 4 * 768 * 768 + 3 * 768 * 2048;
    expect(parameterCount(s)).toBe(2 * 32000 * 768 + 768 + 12 * perLayer);
  });
});

describe("modelMetadata", () => {
  it("has the keys llama.cpp needs for the llama architecture", () => {
    const md = new Map(modelMetadata(tiny, buildByteVocab(300)).map((kv) => [kv.key, kv]));
    const value = (k: string) => {
      const kv = md.get(k);
      return kv && "value" in kv ? kv.value : undefined;
    };
    expect(value("general.architecture")).toBe("llama");
    expect(value("general.file_type")).toBe(7);
    expect(value("llama.context_length")).toBe(256);
    expect(value("llama.embedding_length")).toBe(64);
    expect(value("llama.block_count")).toBe(2);
    expect(value("llama.feed_forward_length")).toBe(96);
    expect(value("llama.attention.head_count")).toBe(4);
    expect(value("llama.attention.head_count_kv")).toBe(2);
    expect(value("llama.rope.dimension_count")).toBe(16);
    expect(value("llama.attention.layer_norm_rms_epsilon")).toBe(1e-5);
    expect(value("general.alignment")).toBe(32);
    expect(value("tokenizer.ggml.model")).toBe("llama");
    expect(value("tokenizer.ggml.bos_token_id")).toBe(1);
    expect(value("tokenizer.ggml.eos_token_id")).toBe(2);
    expect(value("headroom.synthetic")).toBe(true);
    for (const k of ["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type"]) {
      const kv = md.get(k);
      expect(kv && "values" in kv ? kv.values.length : 0).toBe(300);
    }
  });

  it("numbers file types as llama.cpp's llama_ftype", () => {
    const ft = (type: SynthSpec["type"]) => modelMetadata({ ...tiny, type }, buildByteVocab(300)).find((k) => k.key === "general.file_type");
    expect([ft("f16"), ft("q4_0"), ft("q8_0")].map((kv) => (kv && "value" in kv ? kv.value : null))).toEqual([1, 2, 7]);
  });
});
