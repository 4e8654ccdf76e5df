import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ZodError } from "zod";
import { afterAll, describe, expect, it } from "vitest";
import { flagsToFields, parseBenchRequest } from "./request-input";

const models = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-models-"));
fs.writeFileSync(path.join(models, "tiny-q4_0.gguf"), "GGUF");
fs.mkdirSync(path.join(models, "dir.gguf"));
afterAll(() => fs.rmSync(models, { recursive: true, force: true }));

const parse = (body: Record<string, unknown>) => parseBenchRequest({ target: "http://10.0.0.5:8000", ...body }, models);
const problem = (body: Record<string, unknown>): string => {
  try {
    parse(body);
  } catch (err) {
    if (err instanceof ZodError) return `${err.issues[0].path.join(".")}: ${err.issues[0].message}`;
    return (err as Error).message;
  }
  return "no error";
};

describe("parseBenchRequest", () => {
  it("takes the CLI's flags as camelCase fields, strings or numbers", () => {
    const { spec, plan, apiKey } = parse({ concurrency: [1, 2, "4"], requests: "50", inputTokens: 64, outputTokens: 16, goodput: "ttft:500", apiKey: " sk-1 ", endpoint: "chat", model: "m" });
    expect(plan.levels).toEqual([1, 2, 4].map((concurrency) => ({ kind: "concurrency", concurrency })));
    expect(plan).toMatchObject({ stop: { requests: 50 }, inputTokens: 64, outputTokens: 16, slo: { ttftMs: 500 } });
    expect(spec).toEqual({
      target: { kind: "url", url: "http://10.0.0.5:8000/v1/chat/completions", endpoint: "chat", model: "m" },
      timeoutS: 300,
      flags: { concurrency: "1,2,4", requests: "50", inputTokens: "64", outputTokens: "16", goodput: "ttft:500" },
    });
    expect(apiKey).toBe("sk-1");
    expect(JSON.stringify(spec)).not.toContain("sk-1");
  });

  it("reads rates with burstiness and ignore_eos off", () => {
    const { plan } = parse({ rate: "1,2", burstiness: 0.5, duration: 10, ignoreEos: false });
    expect(plan.levels).toEqual([1, 2].map((rate) => ({ kind: "rate", rate, burstiness: 0.5, maxConcurrency: null })));
    expect(plan.ignoreEos).toBe(false);
  });

  it("resolves a .gguf target inside the models folder only", () => {
    const { spec } = parse({ target: "tiny-q4_0.gguf", parallel: 2 });
    expect(spec.target).toEqual({ kind: "gguf", file: path.join(models, "tiny-q4_0.gguf"), model: null, parallel: 2, threads: 0, ctx: null });
  });

  it.each([
    [{ target: "" }, /^target: required/],
    [{ target: "ftp://x" }, /^target: "ftp:\/\/x": only http and https/],
    [{ target: "localhost:8000" }, /^target: "localhost:8000" is not a URL/],
    [{ target: "http://user:pw@10.0.0.5:8000" }, /^target: put credentials in apiKey/],
    [{ target: "http://169.254.169.254/latest" }, /^target: 169\.254\.169\.254 is in a denied network/],
    [{ target: "http://[fe80::1]:8000" }, /^target: fe80::1 is in a denied network/],
    [{ target: "/etc/passwd.gguf" }, /^target: give the name of a \.gguf file in the models folder/],
    [{ target: "../../x.gguf" }, /^target: give the name/],
    [{ target: ".hidden.gguf" }, /^target: ".hidden.gguf" is not a model file name/],
    [{ target: "missing.gguf" }, /^target: no model missing\.gguf in the models folder/],
    [{ target: "dir.gguf" }, /^target: dir\.gguf in the models folder is not a file/],
    [{ target: "tiny-q4_0.gguf", apiKey: "k" }, /^apiKey: applies to URL targets only/],
    [{ parallel: 2 }, /^parallel: applies to \.gguf targets only/],
    [{ target: "tiny-q4_0.gguf", parallel: 0 }, /^parallel: "0" must be an integer from 1 to 64/],
    [{ concurrency: "0" }, /^concurrency: "0" is not a positive integer/],
    [{ concurrency: "1,,2" }, /^concurrency: "1,,2": expected a comma-separated list/],
    [{ concurrency: [1, 1] }, /^concurrency: "1,1" lists a value twice/],
    [{ concurrency: [] }, /^concurrency: give at least one value/],
    [{ concurrency: "1", rate: "2" }, /^concurrency and rate: give one or the other/],
    [{ burstiness: 2 }, /^burstiness: applies to rate only/],
    [{ goodputRatio: 0.5 }, /^goodputRatio: applies with goodput only/],
    [{ goodput: "ttft:x" }, /^goodput: "ttft:x": the limit must be a positive number/],
    [{ endpoint: "embeddings" }, /^endpoint: /],
    [{ extra: 1 }, /Unrecognized key/],
    [{ requests: true }, /^requests: expected a number/],
    [{ rate: { a: 1 } }, /^rate: expected a list such as/],
    [{ timeout: 0 }, /^timeout: "0" must be a number from 1 to 3600/],
    [{ concurrency: 5000 }, /^concurrency: at most 1024, got 5000/],
    [{ rate: "inf" }, /^rate: inf sends everything at once: give requests too/],
    [{ rate: "20000" }, /^rate: at most 10000\/s/],
    [{ rate: "1000", duration: 3600 }, /^duration: rate 1000\/s for 3600 s is over 1000000 requests/],
    [{ requests: 2_000_000 }, /^requests: at most 1000000/],
    [{ duration: 7200 }, /^duration: at most 3600 s/],
    [{ outputTokens: 100_000 }, /^outputTokens: at most 32768/],
    [{ concurrency: Array.from({ length: 40 }, (_, i) => i + 1) }, /^levels: at most 32 load levels/],
  ])("%j is refused, naming the field", (body, want) => {
    expect(problem(body)).toMatch(want);
  });
});

describe("flagsToFields", () => {
  it.each([
    ["--max-concurrency: applies to --rate only", "maxConcurrency: applies to rate only"],
    ["--goodput-ratio: applies with --goodput only", "goodputRatio: applies with goodput only"],
    ["no flags here", "no flags here"],
  ])("%s", (text, want) => {
    expect(flagsToFields(text)).toBe(want);
  });
});
