import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../cli";

let err = "";

beforeEach(() => {
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const run = (...args: string[]) => main(["node", "headroom", ...args]);

// Starting a real server is covered by lib/inference/model-server.int.test.ts.
describe("headroom serve-model", () => {
  it("needs --model", async () => {
    expect(await run("serve-model")).toBe(1);
    expect(err).toBe("error: required option '--model <file>' not specified\n");
  });

  it("names a missing or non-GGUF model file before starting anything", async () => {
    const missing = path.join(os.tmpdir(), "headroom-no-such-model.gguf");
    expect(await run("serve-model", "--model", missing)).toBe(1);
    expect(err).toBe(`headroom: model ${missing}: no such file\n`);
    const junk = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "headroom-serve-")), "junk.gguf");
    fs.writeFileSync(junk, "#!/bin/sh\necho not a model\n");
    err = "";
    expect(await run("serve-model", "--model", junk)).toBe(1);
    expect(err).toBe(`headroom: model ${junk}: not a GGUF file\n`);
  });

  it("refuses --parallel 0", async () => {
    expect(await run("serve-model", "--model", "x.gguf", "--parallel", "0")).toBe(1);
    expect(err).toBe("headroom: --parallel: must be at least 1\n");
  });
});
