import { describe, expect, it } from "vitest";
import { formatSlo, hasObjectives, meetsSlo, parseSlo } from "./goodput";

describe("parseSlo", () => {
  it.each([
    ["ttft:500", { ttftMs: 500 }],
    ["ttft:500,tpot:50,e2el:10000", { ttftMs: 500, tpotMs: 50, e2elMs: 10000 }],
    ["TTFT:1.5 tpot:20", { ttftMs: 1.5, tpotMs: 20 }],
    ["e2el:3000,", { e2elMs: 3000 }],
  ])("%s", (text, want) => {
    expect(parseSlo(text)).toEqual(want);
  });

  it.each([
    ["", "expected KEY:MS pairs"],
    ["ttft", '"ttft": expected KEY:MS'],
    ["itl:5", 'unknown objective "itl"'],
    ["ttft:abc", "positive number of milliseconds"],
    ["ttft:0", "positive number of milliseconds"],
    ["ttft:-3", "positive number of milliseconds"],
    ["ttft:", "positive number of milliseconds"],
    ["ttft:1,ttft:2", "ttft given twice"],
  ])("refuses %j", (text, msg) => {
    expect(() => parseSlo(text)).toThrow(msg);
  });

  it("formats back to its canonical text", () => {
    expect(formatSlo(parseSlo("e2el:9, ttft:5"))).toBe("ttft:5,e2el:9");
  });
});

describe("meetsSlo (a request counts only if it meets every objective given)", () => {
  const slo = { ttftMs: 100, tpotMs: 10 };
  it.each([
    [{ ttftMs: 99, tpotMs: 9, e2eMs: 99999 }, true],
    [{ ttftMs: 100, tpotMs: 10, e2eMs: 1 }, true], // limits are inclusive, as vLLM's s >= r
    [{ ttftMs: 101, tpotMs: 1, e2eMs: 1 }, false],
    [{ ttftMs: 1, tpotMs: 10.5, e2eMs: 1 }, false],
    [{ ttftMs: NaN, tpotMs: 1, e2eMs: 1 }, false],
  ])("%j -> %s", (r, want) => {
    expect(meetsSlo(r, slo)).toBe(want);
  });

  it("knows an empty SLO from a real one", () => {
    expect(hasObjectives({})).toBe(false);
    expect(hasObjectives(null)).toBe(false);
    expect(hasObjectives({ e2elMs: 1 })).toBe(true);
  });
});
