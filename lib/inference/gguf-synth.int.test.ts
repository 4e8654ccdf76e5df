import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getLlama, readGgufFileInfo, type Llama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticModel } from "./gguf-synth";

// Loads synthetic models with node-llama-cpp in this process: llama.cpp's own GGUF reader and
// llama loader are the judges of the file format.
const dir = mkdtempSync(path.join(os.tmpdir(), "headroom-synth-int-"));
let llama: Llama;

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: "never", maxThreads: 1 });
});
afterAll(async () => {
  await llama?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(["f16", "q8_0", "q4_0"] as const)("a synthetic %s model", (type) => {
  it("is read by llama.cpp, tokenizes any text and generates", async () => {
    const file = path.join(dir, `${type}.gguf`);
    await writeSyntheticModel(file, { type, dim: 64, layers: 2, heads: 4, kvHeads: 2, ff: 96, vocab: 300, ctx: 256, seed: 5 });
    const info = await readGgufFileInfo(file);
    expect(info.version).toBe(3);
    expect(info.metadata.general.architecture).toBe("llama");
    expect(info.tensorInfo).toHaveLength(3 + 9 * 2);

    const model = await llama.loadModel({ modelPath: file, gpuLayers: 0 });
    try {
      expect(model.trainContextSize).toBe(256);
      const text = "Grüße, 世界! 🙂 tabs\tand\nnewlines";
      const tokens = model.tokenize(text, false);
      expect(model.detokenize(tokens)).toBe(text);
      const context = await model.createContext({ contextSize: 64, threads: 1 });
      const out: number[] = [];
      for await (const t of context.getSequence().evaluate([model.tokens.bos!, ...model.tokenize("hello", false)], { temperature: 0 })) {
        out.push(t);
        if (out.length === 4) break;
      }
      expect(out).toHaveLength(4);
      expect(out.every((t) => t >= 0 && t < 300)).toBe(true);
      await context.dispose();
    } finally {
      await model.dispose();
    }
  });
});
