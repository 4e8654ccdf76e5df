import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureCli } from "../testing";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-cli-gguf-"));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const { io, run } = captureCli();
const tiny = ["--dim", "64", "--layers", "1", "--heads", "4", "--ff", "64", "--vocab", "300", "--ctx", "128"];

describe("headroom gguf", () => {
  it("synth writes a model and inspect describes it", async () => {
    const file = path.join(dir, "m.gguf");
    expect(await run("gguf", "synth", "--out", file, "--type", "q4_0", ...tiny, "--json")).toBe(0);
    const result = JSON.parse(io.out);
    expect(result).toMatchObject({ file, type: "q4_0", tensors: 12, bytes: fs.statSync(file).size });
    io.out = "";
    expect(await run("gguf", "inspect", file, "--json")).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({
      architecture: "llama",
      synthetic: true,
      embeddingLength: 64,
      blockCount: 1,
      vocabSize: 300,
      tensorTypes: { Q4_0: 9, F32: 3 },
    });
    io.out = "";
    expect(await run("gguf", "inspect", file)).toBe(0);
    expect(io.out).toMatch(/GGUF v3, llama \(synthetic weights\), 0\.\dM parameters, .* 12 tensors \(9 Q4_0, 3 F32\)/);
  });

  it.each([
    [["--dim", "65"], "headroom: --heads: must divide --dim 65\n"],
    [["--dim", "abc"], "error: option '--dim <n>' argument 'abc' is invalid. must be a non-negative integer\n"],
    [["--type", "q5_k"], "headroom: --type: must be one of f16, q8_0, q4_0\n"],
    [["--vocab", "100"], "headroom: --vocab: must be at least 259 (3 special + 256 byte tokens)\n"],
  ])("synth refuses %j with one line", async (bad, message) => {
    const file = path.join(dir, "bad.gguf");
    expect(await run("gguf", "synth", "--out", file, ...tiny, ...bad)).toBe(1);
    expect(io.err).toBe(message);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("inspect names a non-GGUF or truncated file", async () => {
    const junk = path.join(dir, "junk.gguf");
    fs.writeFileSync(junk, "not a model at all, just some text");
    expect(await run("gguf", "inspect", junk)).toBe(1);
    expect(io.err).toBe(`headroom: model ${junk}: not a GGUF file\n`);
    const file = path.join(dir, "t.gguf");
    await run("gguf", "synth", "--out", file, ...tiny);
    const cut = path.join(dir, "cut.gguf");
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 20000));
    io.err = "";
    expect(await run("gguf", "inspect", cut)).toBe(1);
    expect(io.err).toMatch(/^headroom: model .*cut\.gguf: truncated: its tensors need \d+ bytes, the file has 20000\n$/);
  });
});
