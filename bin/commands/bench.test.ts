import { describe, expect, it } from "vitest";
import { captureCli } from "../testing";


const { io, run } = captureCli("bench");
// Nothing listens here: every case must fail on its flags before any request is sent.
const T = ["--target", "http://127.0.0.1:9/v1", "--no-store"];

describe("headroom bench flags", () => {
  it.each([
    [["--concurrency", "0"], 'headroom: --concurrency: "0" is not a positive integer'],
    [["--concurrency", "1,2", "--rate", "5"], "headroom: --concurrency and --rate: give one or the other"],
    [["--rate", "1", "--burstiness", "-1"], 'headroom: --burstiness: "-1" is not a positive number'],
    [["--goodput", "ttft"], 'headroom: --goodput: "ttft": expected KEY:MS (keys: ttft, tpot, e2el)'],
    [["--trace", "/nonexistent/trace.csv"], "headroom: --trace: /nonexistent/trace.csv: no such file"],
    [["--timeout", "soon"], 'headroom: --timeout: "soon" is not a positive number of seconds'],
    [["--json", "/nonexistent/dir/out.json"], "headroom: --json: /nonexistent/dir/out.json: its directory does not exist or is not writable"],
    [["--endpoint", "embeddings"], "error: option '--endpoint <api>' argument 'embeddings' is invalid. Allowed choices are completions, chat."],
  ])("refuses %j with one line and exit 1", async (args, message) => {
    expect(await run(...T, ...args)).toBe(1);
    expect(io.err).toBe(`${message}\n`);
    expect(io.out).toBe("");
  });

  it("refuses a target that is not a URL", async () => {
    expect(await run("--target", "localhost:8000", "--no-store")).toBe(1);
    expect(io.err).toBe('headroom: --target: "localhost:8000" is not a URL (expected http://host:port or a .gguf file)\n');
  });

  it("requires --target", async () => {
    expect(await run()).toBe(1);
    expect(io.err).toContain("required option '--target <url|file>' not specified");
  });

  it("lists its options in --help", async () => {
    expect(await run("--help")).toBe(0);
    for (const flag of ["--concurrency", "--rate", "--burstiness", "--trace", "--time-scale", "--goodput", "--warmup", "--json", "--no-store"]) expect(io.out).toContain(flag);
  });
});
