import { describe, expect, it } from "vitest";
import { instantQuery } from "./engine";
import { storageFrom } from "./test-helpers";

const m = 60_000;
const data = storageFrom(m, [
  'c_total{i="1"} 0 10 20 30 5 15',
  'g{i="1"} 1 4 2 8 5 7',
  'g{i="2"} -1.5 0 NaN 2.5 -Inf 3',
  'b_bucket{le="1"} 0+1x5',
  'b_bucket{le="2"} 0+3x5',
  'b_bucket{le="+Inf"} 0+4x5',
  'info{a="x-1", b="y"} 1',
]);

/** One value per series as "labels=value", sorted, for an order-free comparison. */
async function values(q: string, t: number): Promise<string[]> {
  const v = (await instantQuery(data, q, t)).value;
  if (v.resultType === "scalar") return [String(v.result.v)];
  if (v.resultType !== "vector") throw new Error(v.resultType);
  return v.result.map((s) => `${Object.entries(s.metric).map(([k, x]) => `${k}=${x}`).join(",")}=${+s.v.toPrecision(12)}`).sort();
}

describe("functions", () => {
  it.each([
    // Counters: the reset at 4m adds the value before it (35), extrapolated by 60s to the
    // start of the window (x 300/240).
    ["increase(c_total[5m])", 5 * m, ["i=1=43.75"]],
    ["rate(c_total[5m])", 5 * m, ["i=1=0.145833333333"]],
    ["resets(c_total[5m])", 5 * m, ["i=1=1"]],
    ["changes(g[5m])", 5 * m, ["i=1=4", "i=2=4"]],
    ["irate(c_total[5m])", 5 * m, ["i=1=0.166666666667"]],
    ["idelta(g[5m])", 5 * m, ["i=1=2", "i=2=Infinity"]],
    ["delta(g{i=\"1\"}[5m])", 5 * m, ["i=1=3.75"]],
    ["deriv(g{i=\"1\"}[5m])", 5 * m, ["i=1=0.015"]],
    ["predict_linear(g{i=\"1\"}[5m], 60)", 5 * m, ["i=1=7.9"]],
    ["avg_over_time(g{i=\"1\"}[5m])", 5 * m, ["i=1=5.2"]],
    ["sum_over_time(g{i=\"1\"}[5m])", 5 * m, ["i=1=26"]],
    ["min_over_time(g[5m])", 5 * m, ["i=1=2", "i=2=-Infinity"]],
    ["max_over_time(g[5m])", 5 * m, ["i=1=8", "i=2=3"]],
    ["count_over_time(g[5m])", 5 * m, ["i=1=5", "i=2=5"]],
    ["quantile_over_time(0.5, g{i=\"1\"}[5m])", 5 * m, ["i=1=5"]],
    ["stdvar_over_time(g{i=\"1\"}[5m])", 5 * m, ["i=1=4.56"]],
    ["last_over_time(g{i=\"1\"}[5m])", 5 * m, ["__name__=g,i=1=7"]],
    ["present_over_time(g{i=\"1\"}[5m])", 5 * m, ["i=1=1"]],
    ["absent_over_time(g{i=\"9\"}[5m])", 5 * m, ["i=9=1"]],
    ["abs(g)", 0, ["i=1=1", "i=2=1.5"]],
    ["clamp(g, 0, 2)", 3 * m, ["i=1=2", "i=2=2"]],
    ["clamp_min(g, 3)", 0, ["i=1=3", "i=2=3"]],
    ["round(g, 0.5)", 0, ["i=1=1", "i=2=-1.5"]],
    ["sgn(g)", 0, ["i=1=1", "i=2=-1"]],
    ["sqrt(g{i=\"1\"})", m, ["i=1=2"]],
    ["exp(vector(0))", 0, ["=1"]],
    ["ln(vector(1))", 0, ["=0"]],
    ["log2(vector(8))", 0, ["=3"]],
    ["log10(vector(1000))", 0, ["=3"]],
    ["deg(vector(pi()))", 0, ["=180"]],
    ["rad(vector(180))", 0, ["=3.14159265359"]],
    ["timestamp(g{i=\"1\"})", 90_000, ["i=1=60"]],
    ["year(vector(1136239445))", 0, ["=2006"]],
    ["day_of_week(vector(1136239445))", 0, ["=1"]],
    ["days_in_month(vector(1454284800))", 0, ["=29"]],
    ["hour()", 3 * 3600_000, ["=3"]],
    ["scalar(g{i=\"1\"})", m, ["4"]],
    ["scalar(g)", m, ["NaN"]],
    ["histogram_quantile(0.5, b_bucket)", 4 * m, ["=1.5"]],
    ["histogram_quantile(1, b_bucket)", 4 * m, ["=2"]],
    ["histogram_fraction(0, 1, b_bucket)", 4 * m, ["=0.25"]],
    ['histogram_quantiles(b_bucket, "q", 0.25, 0.5)', 4 * m, ["q=0.25=1", "q=0.5=1.5"]],
    ['label_replace(info, "n", "$1", "a", "x-(.*)")', 0, ["__name__=info,a=x-1,b=y,n=1=1"]],
    ['label_replace(info, "n", "${1}z", "a", "(x)-.*")', 0, ["__name__=info,a=x-1,b=y,n=xz=1"]],
    ['label_join(info, "j", "/", "a", "b")', 0, ["__name__=info,a=x-1,b=y,j=x-1/y=1"]],
    ["double_exponential_smoothing(g{i=\"1\"}[5m], 0.5, 0.5)", 5 * m, ["i=1=5.875"]],
    ["mad_over_time(g{i=\"1\"}[5m])", 5 * m, ["i=1=2"]],
    ["ts_of_max_over_time(g{i=\"1\"}[5m])", 5 * m, ["i=1=180"]],
    ["min_of(2, 3)", 0, ["2"]],
  ])("%s", async (q, t, want) => {
    expect(await values(q, t)).toEqual(want);
  });

  it("sorts by value with NaN last, and by natural label order", async () => {
    const s = storageFrom(m, ['x{n="10"} 3', 'x{n="9"} NaN', 'x{n="2"} 1']);
    const order = async (q: string) => {
      const v = (await instantQuery(s, q, 0)).value;
      return v.resultType === "vector" ? v.result.map((r) => r.metric.n) : [];
    };
    expect(await order("sort(x)")).toEqual(["2", "10", "9"]);
    expect(await order("sort_desc(x)")).toEqual(["10", "2", "9"]);
    expect(await order('sort_by_label(x, "n")')).toEqual(["2", "9", "10"]);
    expect(await order('sort_by_label_desc(x, "n")')).toEqual(["10", "9", "2"]);
  });

  it.each([
    ['label_replace(info, "n", "$1", "a", "(")', "invalid regular expression in label_replace(): ("],
    ['label_replace(info, "", "x", "a", ".*")', "invalid destination label name in label_replace(): "],
    ["double_exponential_smoothing(g[5m], 1, 0.5)", "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000"],
  ])("%s fails", async (q, msg) => {
    await expect(instantQuery(data, q, 5 * m)).rejects.toThrow(msg);
  });
});
