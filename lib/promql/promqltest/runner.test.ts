import { describe, expect, it } from "vitest";
import { runTestFile } from "./runner";

const file = `load 1m
  up{job="a"} 1 2 3
  mixed 1 {{schema:0 sum:1 count:1}}

eval instant at 2m up
  up{job="a"} 3

eval instant at 2m up
  up{job="a"} 4

eval range from 0 to 2m step 1m up * 2
  {job="a"} 2 4 6

eval instant at 0 mixed
  mixed 1

eval instant at 1m mixed
  mixed 1

eval instant at 0 nope(1)
  expect fail msg: 1:1: parse error: unknown function with name "nope"

eval instant at 0 quantile(2, up)
  expect warn regex: quantile value should be between 0 and 1
  up 1

eval instant at 0 histogram_count(up)
`;

describe("runTestFile", () => {
  it("judges each eval and skips native histogram cases", async () => {
    const res = await runTestFile("t.test", file);
    expect(res.map((r) => `${r.line} ${r.status}`)).toEqual([
      "5 pass", "8 fail", "11 pass", "14 pass", "17 skip", "20 pass", "23 fail", "27 skip",
    ]);
    expect(res[1].message).toBe('expected 4 for up{job="a"} but got 3');
    expect(res[6].message).toContain("unexpected metric");
  });
});
