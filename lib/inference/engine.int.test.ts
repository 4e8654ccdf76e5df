import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelProcess, type GenerateEvent } from "./engine";
import { GgufValueType, encodeGgufHeader } from "./gguf-encode";
import { writeSyntheticModel } from "./gguf-synth";

const dir = mkdtempSync(path.join(os.tmpdir(), "headroom-engine-"));
const model = path.join(dir, "tiny.gguf");
const load = (modelPath: string, parallel = 1) => ({ modelPath, threads: 1, contextSize: 128, parallel });

beforeAll(async () => {
  await writeSyntheticModel(model, { type: "q8_0", dim: 64, layers: 2, heads: 4, kvHeads: 2, ff: 128, vocab: 320, ctx: 256, seed: 1 });
  writeFileSync(path.join(dir, "garbage.gguf"), Buffer.from("\x7fELF this is not a model, only some bytes".repeat(10)));
  writeFileSync(path.join(dir, "truncated.gguf"), readFileSync(model).subarray(0, 40_000));
  writeFileSync(path.join(dir, "bogus.gguf"), encodeGgufHeader([{ key: "general.architecture", type: GgufValueType.STRING, value: "bogus" }], [], 32));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(it: AsyncIterable<GenerateEvent>): Promise<GenerateEvent[]> {
  const out: GenerateEvent[] = [];
  for await (const ev of it) out.push(ev);
  return out;
}

describe("ModelProcess", () => {
  it("loads a synthetic model, tokenizes any text and generates in parallel", async () => {
    const engine = new ModelProcess();
    try {
      const info = await engine.load(load(model, 2));
      expect(info).toMatchObject({ architecture: "llama", contextSize: 128, parallel: 2, vocabSize: 320, synthetic: true });
      const tokens = await engine.tokenize("héllo wörld 🙂\n\tzzz");
      expect(tokens.length).toBeGreaterThan(5);
      expect(Math.max(...tokens)).toBeLessThan(320);

      const events = await collect(engine.generate({ prompt: "hello", maxTokens: 5, ignoreEos: true }));
      expect(events[0]).toMatchObject({ type: "start", promptTokens: expect.any(Number) });
      expect(events.filter((e) => e.type === "token")).toHaveLength(5);
      expect(events.at(-1)).toMatchObject({ type: "end", finishReason: "length", completionTokens: 5 });
      const times = events.map((e) => e.t);
      expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);

      const both = await Promise.all([0, 1].map((k) => collect(engine.generate({ messages: [{ role: "user", content: `q${k}` }], maxTokens: 8, ignoreEos: true }))));
      for (const evs of both) expect(evs.at(-1)).toMatchObject({ finishReason: "length", completionTokens: 8 });

      const ac = new AbortController();
      let n = 0;
      let end: GenerateEvent | undefined;
      for await (const ev of engine.generate({ prompt: "x", maxTokens: 100, ignoreEos: true }, ac.signal)) {
        if (ev.type === "token" && ++n === 2) ac.abort();
        if (ev.type === "end") end = ev;
      }
      expect(end).toMatchObject({ finishReason: "abort" });
      expect(n).toBeLessThan(100);

      await expect(collect(engine.generate({ prompt: "x", maxTokens: 1000 }))).rejects.toMatchObject({ code: "context_length" });
    } finally {
      await engine.close();
    }
  });

  it("names bad model files and keeps the process usable", async () => {
    const engine = new ModelProcess();
    try {
      const at = (f: string) => path.join(dir, f);
      await expect(engine.load(load(at("garbage.gguf")))).rejects.toThrow(`model ${at("garbage.gguf")}: not a GGUF file`);
      await expect(engine.load(load(at("truncated.gguf")))).rejects.toThrow(/truncated: its tensors need \d+ bytes, the file has 40000/);
      await expect(engine.load(load(at("bogus.gguf")))).rejects.toThrow(`model ${at("bogus.gguf")}: failed to load: unknown model architecture: 'bogus'`);
      await expect(engine.load(load(at("missing.gguf")))).rejects.toThrow(/no such file/);
      await expect(collect(engine.generate({ prompt: "x" }))).rejects.toMatchObject({ code: "not_loaded" });
      expect(engine.alive).toBe(true);
      await engine.load(load(model));
      const events = await collect(engine.generate({ prompt: "x", maxTokens: 2, ignoreEos: true }));
      expect(events.at(-1)).toMatchObject({ completionTokens: 2 });
      await engine.unload();
      expect(engine.info).toBeNull();
      await expect(engine.tokenize("x")).rejects.toMatchObject({ code: "not_loaded" });
    } finally {
      await engine.close();
    }
  });

  it("reports a model process that dies and lets the parent live on", async () => {
    const engine = new ModelProcess();
    await engine.load(load(model));
    const gen = engine.generate({ prompt: "x", maxTokens: 120, ignoreEos: true });
    await gen.next();
    // What llama.cpp does on a failed GGML_ASSERT.
    process.kill(engine.pid!, "SIGABRT");
    await expect(collect(gen)).rejects.toThrow(/^model process died \(signal SIGABRT\)/);
    expect(engine.alive).toBe(false);
    await expect(engine.tokenize("x")).rejects.toMatchObject({ code: "died" });
    await engine.close();
  });
});
