import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { f16BitsToF32 } from "./f16";
import { decodeQ4_0, decodeQ8_0 } from "./ggml-quant";
import { inspectGgufFile } from "./gguf-file";
import { parseGgufHeader } from "./gguf-read";
import { writeSyntheticModel } from "./gguf-synth";
import type { SynthSpec } from "./synth-spec";

const dir = mkdtempSync(path.join(os.tmpdir(), "headroom-gguf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec: SynthSpec = { type: "q8_0", dim: 64, layers: 2, heads: 4, kvHeads: 4, ff: 128, vocab: 300, ctx: 128, seed: 7 };

describe("writeSyntheticModel", () => {
  it("writes a file whose header, offsets and size agree", async () => {
    const file = path.join(dir, "a.gguf");
    const r = await writeSyntheticModel(file, spec);
    const h = await inspectGgufFile(file);
    expect(h.fileBytes).toBe(r.bytes);
    expect(h.requiredBytes).toBe(r.bytes);
    expect(h.tensors).toHaveLength(r.tensors);
    expect(r.parameters).toBe(h.tensors.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0));
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it("writes weights that decode to uniform values within 1/sqrt(fan-in), and norms of 1", async () => {
    for (const type of ["q8_0", "q4_0", "f16"] as const) {
      const file = path.join(dir, `${type}.gguf`);
      await writeSyntheticModel(file, { ...spec, type });
      const bytes = readFileSync(file);
      const h = parseGgufHeader(bytes);
      const q = h.tensors.find((t) => t.name === "blk.0.attn_q.weight")!;
      const at = h.dataOffset + q.offset;
      const n = 64 * 64;
      const values =
        type === "q8_0" ? decodeQ8_0(bytes, n, at) : type === "q4_0" ? decodeQ4_0(bytes, n, at) : Float32Array.from({ length: n }, (_, i) => f16BitsToF32(bytes.readUInt16LE(at + 2 * i)));
      const bound = 1 / Math.sqrt(64);
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound * 1.01);
      expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(bound * 0.9);
      const mean = values.reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(mean)).toBeLessThan(bound * 0.05);
      const norm = h.tensors.find((t) => t.name === "output_norm.weight")!;
      expect(bytes.readFloatLE(h.dataOffset + norm.offset)).toBe(1);
    }
  });

  it("is deterministic for a seed and differs across seeds", async () => {
    const [a, b, c] = [path.join(dir, "s1.gguf"), path.join(dir, "s2.gguf"), path.join(dir, "s3.gguf")];
    await writeSyntheticModel(a, spec);
    await writeSyntheticModel(b, spec);
    await writeSyntheticModel(c, { ...spec, seed: 8 });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false);
  });

  it("reports progress up to 1", async () => {
    const seen: number[] = [];
    await writeSyntheticModel(path.join(dir, "p.gguf"), spec, (f) => seen.push(f));
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
  });

  it("refuses a bad spec before creating the file", async () => {
    const file = path.join(dir, "bad.gguf");
    await expect(writeSyntheticModel(file, { ...spec, heads: 5 })).rejects.toThrow(/--heads/);
    expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
  });
});
