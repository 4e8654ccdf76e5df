import { describe, expect, it } from "vitest";
import { applyOp, goPow } from "./binary";
import { instantQuery } from "./engine";
import { storageFrom } from "./test-helpers";

describe("applyOp", () => {
  it.each([
    ["+", 1, 2, 3, true],
    ["%", 7, 3, 1, true],
    ["%", -7, 3, -1, true],
    ["^", 2, 10, 1024, true],
    ["/", 1, 0, Infinity, true],
    ["atan2", 10, 20, Math.atan2(10, 20), true],
    ["==", 1, 1, 1, true],
    ["!=", NaN, NaN, NaN, true],
    [">", 1, 2, 1, false],
    ["<=", 2, 2, 2, true],
  ] as const)("%s %d %d", (op, l, r, v, keep) => {
    const res = applyOp(op, l, r);
    expect(res.keep).toBe(keep);
    expect(res.v).toBe(v);
  });

  it("follows Go's math.Pow special cases", () => {
    expect(goPow(1, NaN)).toBe(1);
    expect(goPow(-1, Infinity)).toBe(1);
    expect(goPow(NaN, 0)).toBe(1);
    expect(goPow(-8, 1 / 3)).toBeNaN();
  });
});

const data = storageFrom(60_000, [
  'cpu{inst="a", mode="idle"} 3',
  'cpu{inst="a", mode="user"} 1',
  'role{inst="a", role="db"} 1',
  'limit{inst="a"} 2',
  'other{inst="b"} 5',
]);

async function rows(q: string): Promise<string[]> {
  const v = (await instantQuery(data, q, 0)).value;
  if (v.resultType === "scalar") return [`${v.result.v}`];
  if (v.resultType !== "vector") throw new Error(v.resultType);
  return v.result.map((s) => `${Object.entries(s.metric).map(([k, x]) => `${k}=${x}`).join(",")} ${s.v}`);
}

describe("binary operators", () => {
  it.each([
    ["1 + 2 * 3", ["7"]],
    ["2 > bool 1", ["1"]],
    ["cpu * 2", ["inst=a,mode=idle 6", "inst=a,mode=user 2"]],
    ["2 - cpu", ["inst=a,mode=idle -1", "inst=a,mode=user 1"]],
    ["cpu > 2", ["__name__=cpu,inst=a,mode=idle 3"]],
    ["2 < cpu", ["__name__=cpu,inst=a,mode=idle 3"]],
    ["cpu > bool 2", ["inst=a,mode=idle 1", "inst=a,mode=user 0"]],
    ["cpu / on(inst) group_left limit", ["inst=a,mode=idle 1.5", "inst=a,mode=user 0.5"]],
    ["cpu * on(inst) group_left(role) role", ["inst=a,mode=idle,role=db 3", "inst=a,mode=user,role=db 1"]],
    ["limit / on(inst) group_right cpu", ["inst=a,mode=idle 0.6666666666666666", "inst=a,mode=user 2"]],
    ["limit - ignoring(mode) cpu{mode=\"idle\"}", ["inst=a -1"]],
    ["cpu and on(inst) limit", ["__name__=cpu,inst=a,mode=idle 3", "__name__=cpu,inst=a,mode=user 1"]],
    ["cpu unless on(inst) limit", []],
    ["limit or other", ["__name__=limit,inst=a 2", "__name__=other,inst=b 5"]],
    ["limit or on() other", ["__name__=limit,inst=a 2"]],
  ])("%s", async (q, want) => {
    expect(await rows(q)).toEqual(want);
  });

  it.each([
    ["cpu + limit", []],
    ["cpu + on(inst) limit", "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"],
    ["limit + on(inst) cpu", "found duplicate series for the match group {inst=\"a\"} on the right hand-side of the operation"],
    ["cpu + on(inst) group_left limit * on(inst) group_right cpu", "found duplicate series"],
  ])("%s", async (q, want) => {
    if (Array.isArray(want)) expect(await rows(q)).toEqual(want);
    else await expect(rows(q)).rejects.toThrow(want);
  });
});
