import { describe, expect, it } from "vitest";
import { instantQuery } from "./engine";
import { storageFrom } from "./test-helpers";

const data = storageFrom(60_000, [
  'x{job="a", i="1"} 1',
  'x{job="a", i="2"} 3',
  'x{job="b", i="1"} 10',
  'x{job="b", i="2"} NaN',
  'x{job="b", i="3"} 10',
  'v{i="1"} 6',
  'v{i="2"} 6',
  'v{i="3"} 7',
]);

async function rows(q: string): Promise<string[]> {
  const v = (await instantQuery(data, q, 0)).value;
  if (v.resultType !== "vector") throw new Error(v.resultType);
  return v.result.map((s) => `${Object.entries(s.metric).map(([k, x]) => `${k}=${x}`).join(",")} ${s.v}`);
}

describe("aggregations", () => {
  it.each([
    ['sum by (job) (x{i!="2"})', ["job=a 1", "job=b 20"]],
    ["sum(x)", ["NaN"].map((v) => ` ${v}`)],
    ['avg without (i) (x{i!="2"})', ["job=a 1", "job=b 10"]],
    ["count by (job) (x)", ["job=a 2", "job=b 3"]],
    ["group by (job) (x)", ["job=a 1", "job=b 1"]],
    ["max by (job) (x)", ["job=a 3", "job=b 10"]],
    ["min by (job) (x)", ["job=a 1", "job=b 10"]],
    ['stddev(x{job="a"})', [" 1"]],
    ['stdvar(x{job="a"})', [" 1"]],
    ['quantile(0.5, x{job="a"})', [" 2"]],
    // Ties keep the order Go's heap leaves them in.
    ["topk(2, x)", ['__name__=x,job=b,i=3 10', '__name__=x,job=b,i=1 10']],
    ["bottomk(1, x)", ["__name__=x,job=a,i=1 1"]],
    ["topk by (job) (1, x)", ["__name__=x,job=a,i=2 3", "__name__=x,job=b,i=1 10"]],
    ["bottomk(10, x{job=\"b\"})", ["__name__=x,job=b,i=1 10", "__name__=x,job=b,i=3 10", "__name__=x,job=b,i=2 NaN"]],
    ["topk(0, x)", []],
    ["limitk(1, x)", ["__name__=x,job=a,i=1 1"]],
    ['count_values("val", v)', ["val=6 2", "val=7 1"]],
    // The value label is set before grouping, so "without (i)" removes it again.
    ['count_values without (i) ("i", v)', [" 3"]],
    ["sum by (__name__) (v)", ["__name__=v 19"]],
  ])("%s", async (q, want) => {
    expect(await rows(q)).toEqual(want);
  });

  it.each([
    ["topk(NaN, x)", "Parameter value is NaN"],
    ["limit_ratio(NaN, x)", "Ratio value is NaN"],
    ['count_values("", x)', 'invalid label name ""'],
  ])("%s fails", async (q, msg) => {
    await expect(instantQuery(data, q, 0)).rejects.toThrow(msg);
  });

  it("keeps every series or none with limit_ratio 1 and 0", async () => {
    expect(await rows("limit_ratio(1, x)")).toHaveLength(5);
    expect(await rows("limit_ratio(0, x)")).toHaveLength(0);
    const half = (await rows("limit_ratio(0.5, x)")).length;
    const other = (await rows("limit_ratio(-0.5, x)")).length;
    expect(half + other).toBe(5);
  });

  it("warns about a quantile out of range", async () => {
    const res = await instantQuery(data, "quantile(-1, x)", 0);
    expect(res.warnings).toEqual(["PromQL warning: quantile value should be between 0 and 1, got -1 (1:10)"]);
  });
});
