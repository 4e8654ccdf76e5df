import { describe, expect, it } from "vitest";
import { instantQuery, rangeQuery } from "./engine";
import { PromQLError, QueryCanceledError, QueryTimeoutError, TooManySamplesError } from "./errors";
import type { Queryable } from "./storage";
import { storageFrom } from "./test-helpers";
import type { QueryValue } from "./values";

const m = 60_000;

/** Instant vector results as "labels value" strings, in result order. */
function rows(v: QueryValue): string[] {
  if (v.resultType === "vector") return v.result.map((s) => `${JSON.stringify(s.metric)} ${s.v}`);
  if (v.resultType === "scalar") return [`scalar ${v.result.v}`];
  if (v.resultType === "string") return [`string ${v.result.v}`];
  return v.result.map((s) => `${JSON.stringify(s.metric)} ${s.v.join(",")} @ ${s.t.map((t) => t / 1000).join(",")}`);
}

const data = storageFrom(m, [
  'up{job="a"} 1 1 1 0 0',
  'up{job="b"} 1 1 stale',
  'reqs_total{job="a"} 0+60x10',
  'reqs_total{job="b"} 0+120x10',
  "gap 1 _ _ _ _ _ _ 2",
]);

describe("instant queries", () => {
  it.each([
    ["up", 1.5 * m, ['{"__name__":"up","job":"a"} 1', '{"__name__":"up","job":"b"} 1']],
    // The stale marker at 2m ends up{job="b"}, although 1m is within the lookback.
    ["up", 2 * m, ['{"__name__":"up","job":"a"} 1']],
    // 5 minutes of lookback, open at the left end: the sample at 0 is visible at 4m59s, not at 5m.
    ["gap", 5 * m - 1000, ['{"__name__":"gap"} 1']],
    ["gap", 5 * m, []],
    ["up offset 3m", 4 * m, ['{"__name__":"up","job":"a"} 1', '{"__name__":"up","job":"b"} 1']],
    ["up @ 240", 0, ['{"__name__":"up","job":"a"} 0']],
    ["rate(reqs_total[5m])", 10 * m, ['{"job":"a"} 1', '{"job":"b"} 2']],
    ["sum(rate(reqs_total[5m]))", 10 * m, ["{} 3"]],
    ["max_over_time(reqs_total[3m:1m])", 10 * m, ['{"job":"a"} 600', '{"job":"b"} 1200']],
    ["last_over_time(reqs_total[3m])", 10 * m, ['{"__name__":"reqs_total","job":"a"} 600', '{"__name__":"reqs_total","job":"b"} 1200']],
    ["reqs_total > 500", 10 * m, ['{"__name__":"reqs_total","job":"a"} 600', '{"__name__":"reqs_total","job":"b"} 1200']],
    ["reqs_total > bool 700", 10 * m, ['{"job":"a"} 0', '{"job":"b"} 1']],
    ["1 + 2", 0, ["scalar 3"]],
    ['"hello"', 0, ["string hello"]],
    ["time()", 90_000, ["scalar 90"]],
    ["vector(1) + on() group_right reqs_total", 0, ['{"job":"a"} 1', '{"job":"b"} 1']],
    ["absent(nope{job=\"x\"})", 0, ['{"job":"x"} 1']],
  ])("%s at %d", async (q, t, want) => {
    expect(rows((await instantQuery(data, q, t)).value)).toEqual(want);
  });

  it("returns a matrix for a range selector", async () => {
    expect(rows((await instantQuery(data, 'reqs_total{job="a"}[2m]', 10 * m)).value)).toEqual([
      '{"__name__":"reqs_total","job":"a"} 540,600 @ 540,600',
    ]);
  });

  it("drops the metric name late and rejects duplicate label sets", async () => {
    const s = storageFrom(m, ['a{x="1"} 1', 'b{x="1"} 2']);
    expect(rows((await instantQuery(s, '{x="1"}', 0)).value)).toHaveLength(2);
    // "or" matches on all labels but the name, so b{x="1"} is dropped.
    expect(rows((await instantQuery(s, "a or b", 0)).value)).toEqual(['{"__name__":"a","x":"1"} 1']);
    await expect(instantQuery(s, "-{x=\"1\"}", 0)).rejects.toThrow("vector cannot contain metrics with the same labelset");
    await expect(rangeQuery(s, "-{x=\"1\"}", 0, 2 * m, m)).rejects.toThrow("vector cannot contain metrics with the same labelset");
  });

  it("joins a range query's steps into series by label set, the name dropped or not", async () => {
    // -a{x="1"} and -c{x="1"} both lose their names: one series {x="1"} in the result.
    const s = storageFrom(m, ['a{x="1"} 1 stale _', 'c{x="1"} _ _ 3', 'b{y="1"} 5 6 7']);
    expect(rows((await rangeQuery(s, '-a{x="1"} or -c or b', 0, 2 * m, m)).value)).toEqual([
      '{"__name__":"b","y":"1"} 5,6,7 @ 0,60,120',
      '{"x":"1"} -1,-3 @ 0,120',
    ]);
  });

  it("reports many-to-many matching", async () => {
    const s = storageFrom(m, ['a{x="1", y="1"} 1', 'a{x="1", y="2"} 1', 'b{x="1"} 1']);
    await expect(instantQuery(s, "b + on(x) a", 0)).rejects.toThrow("many-to-many matching not allowed");
    await expect(instantQuery(s, "a + on(x) b", 0)).rejects.toThrow("many-to-one matching must be explicit");
    expect(rows((await instantQuery(s, "a + on(x) group_left b", 0)).value)).toHaveLength(2);
  });

  it("renders annotations with positions", async () => {
    const res = await instantQuery(data, "quantile(2, up)", 0);
    expect(res.warnings).toEqual(["PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)"]);
    const info = await instantQuery(data, "rate(up[5m])", 5 * m);
    expect(info.infos[0]).toBe('PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "up" (1:6)');
  });
});

describe("range queries", () => {
  it("evaluates every step and sorts series by labels", async () => {
    const res = await rangeQuery(data, "up", 0, 4 * m, m);
    expect(rows(res.value)).toEqual([
      '{"__name__":"up","job":"a"} 1,1,1,0,0 @ 0,60,120,180,240',
      '{"__name__":"up","job":"b"} 1,1 @ 0,60',
    ]);
  });

  it("turns scalars into a series without labels", async () => {
    expect(rows((await rangeQuery(data, "time()", 0, 2 * m, m)).value)).toEqual(["{} 0,60,120 @ 0,60,120"]);
  });

  it("merges series that only collide after the name is dropped, when they do not overlap", async () => {
    const s = storageFrom(10 * m, ["metric_a 1 _", "metric_b 3 4"]);
    expect(rows((await rangeQuery(s, "-metric_a or -metric_b", 0, 20 * m, 10 * m)).value)).toEqual(["{} -1,-4 @ 0,600"]);
  });

  it("rejects range vectors and strings", async () => {
    await expect(rangeQuery(data, "up[5m]", 0, m, m)).rejects.toThrow('invalid expression type "range vector" for range query');
    await expect(rangeQuery(data, '"x"', 0, m, m)).rejects.toThrow('invalid expression type "string" for range query');
  });

  it("limits the points per series", async () => {
    await expect(rangeQuery(data, "up", 0, 11_001_000, 1000)).rejects.toThrow(
      "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
    );
    await expect(rangeQuery(data, "up", 0, 11_000_000, 1000)).resolves.toBeDefined();
  });

  it.each([
    [0, "zero or negative query resolution step widths are not accepted. Try a positive integer"],
    [-1, "zero or negative query resolution step widths are not accepted. Try a positive integer"],
  ])("rejects step %d", async (step, msg) => {
    await expect(rangeQuery(data, "up", 0, m, step)).rejects.toThrow(msg);
  });
});

describe("limits", () => {
  it("stops at the sample limit with Prometheus's message", async () => {
    const err = await instantQuery(data, "up", 0, { maxSamples: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(TooManySamplesError);
    expect(err.message).toBe("query processing would load too many samples into memory in query execution");
    await expect(rangeQuery(data, "sum(reqs_total)", 0, 10 * m, m, { maxSamples: 15 })).rejects.toThrow(TooManySamplesError);
    await expect(rangeQuery(data, "sum(reqs_total)", 0, 10 * m, m, { maxSamples: 50 })).resolves.toBeDefined();
  });

  it("times out while fetching and honours an abort signal", async () => {
    const slow: Queryable = { select: () => new Promise((r) => setTimeout(() => r([]), 1000)) };
    await expect(instantQuery(slow, "up", 0, { timeoutMs: 10 })).rejects.toThrow(QueryTimeoutError);
    let seen: AbortSignal | undefined;
    const watching: Queryable = {
      select: (_m, _a, _b, hints) => {
        seen = hints?.signal;
        return new Promise((r) => setTimeout(() => r([]), 1000));
      },
    };
    await expect(instantQuery(watching, "up", 0, { timeoutMs: 10 })).rejects.toThrow(QueryTimeoutError);
    expect(seen?.aborted).toBe(true);
    const ac = new AbortController();
    ac.abort();
    await expect(instantQuery(data, "up", 0, { signal: ac.signal })).rejects.toThrow(QueryCanceledError);
  });

  it("times out during evaluation", async () => {
    const err = await rangeQuery(data, "sum_over_time(reqs_total[10m:1ms])", 0, 10 * m, m, { timeoutMs: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(QueryTimeoutError);
    expect((err as PromQLError).type).toBe("timeout");
  });
});

describe("subqueries", () => {
  it("returns an instant subquery as a matrix sorted by labels, aligned to the step", async () => {
    const res = await instantQuery(data, 'reqs_total{job=~"b|a"}[3m:2m]', 10 * m + 30_000);
    expect(rows(res.value)).toEqual([
      '{"__name__":"reqs_total","job":"a"} 480,600 @ 480,600',
      '{"__name__":"reqs_total","job":"b"} 960,1200 @ 480,600',
    ]);
  });

  it("gives the same windows in a range query as step by step", async () => {
    const q = "sum_over_time(reqs_total[5m:1m])";
    const range = await rangeQuery(data, q, 5 * m, 10 * m, m);
    for (let t = 5 * m; t <= 10 * m; t += m) {
      const inst = await instantQuery(data, q, t);
      const want = inst.value.resultType === "vector" ? inst.value.result.map((s) => s.v) : [];
      const got = range.value.resultType === "matrix" ? range.value.result.map((s) => s.v[s.t.indexOf(t)]) : [];
      expect(got).toEqual(want);
    }
  });
});
