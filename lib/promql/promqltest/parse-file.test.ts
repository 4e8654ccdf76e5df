import { describe, expect, it } from "vitest";
import { type EvalCommand, parseTestFile, TestFileError } from "./parse-file";

const file = `# a comment
load 5m
  up{job="a"} 1+1x2
  down 0

clear
load_with_nhcb 1m
  h_bucket{le="1"} 1

eval instant at 10m up
  expect no_info
  expect warn msg: PromQL warning: something (1:1)
  expect fail regex: bad.*
  up{job="a"} 3

eval range from 0 to 10m step 5m up
  up{job="a"} 1 2 _

eval_ordered instant at 1m topk(1, up)
  up{job="a"} 1

eval instant at 0 "x"
  expect string "x"

eval instant at 1m up[1m]
  expect range vector from 0 to 1m step 1m
  up{job="a"} 1 2

eval instant at 0 1 + 1
  2
`;

describe("parseTestFile", () => {
  const cmds = parseTestFile(file);
  const evals = cmds.filter((c): c is EvalCommand => c.kind === "eval");

  it("splits commands and keeps line numbers", () => {
    expect(cmds.map((c) => `${c.kind}@${c.line}`)).toEqual([
      "load@2", "clear@6", "load@7", "eval@10", "eval@16", "eval@19", "eval@22", "eval@25", "eval@29",
    ]);
    const load = cmds[0];
    expect(load.kind === "load" && load.step).toBe(300_000);
    expect(cmds[2].kind === "load" && cmds[2].withNhcb).toBe(true);
  });

  it("reads expectations", () => {
    const e = evals[0];
    expect(e).toMatchObject({ instant: true, start: 600_000, query: "up", noInfo: true, noWarn: false });
    expect(e.warn).toEqual([{ msg: "PromQL warning: something (1:1)" }]);
    expect(e.fail?.[0].regex?.source).toBe("bad.*");
    expect(evals[1]).toMatchObject({ instant: false, start: 0, end: 600_000, step: 300_000 });
    expect(evals[2].ordered).toBe(true);
    expect(evals[3].expectString).toBe("x");
    expect(evals[4].rangeVector).toEqual({ start: 0, end: 60_000, step: 60_000 });
    expect(evals[5].scalar).toBe(2);
  });

  it.each([
    ["bogus\n", 1, "invalid command"],
    ["load 5x\n  a 1\n", 1, "invalid duration"],
    ["eval instant at 1m up\n  expect nonsense\n", 2, "invalid expect line"],
    ["eval instant at 1m up\n  up 1 2\n", 2, "multiple values in instant evaluation"],
  ])("reports errors with their line: %j", (text, line, msg) => {
    try {
      parseTestFile(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TestFileError);
      expect((e as TestFileError).line).toBe(line);
      expect((e as Error).message).toContain(msg);
    }
  });
});
