import { describe, expect, it } from "vitest";
import { ApiParams, parseApiDuration, parseApiTime } from "./api-params";

describe("Prometheus API parameters", () => {
  it.each([
    ["1700000000", 1_700_000_000_000],
    ["1700000000.123", 1_700_000_000_123],
    ["2023-11-14T22:13:20Z", 1_700_000_000_000],
    ["2023-11-14T22:13:20.5+00:00", 1_700_000_000_500],
    ["yesterday", null],
    ["2023-13-45T99:00:00Z", null],
  ])("time %s -> %s", (v, want) => {
    expect(parseApiTime(v)).toBe(want);
  });

  it.each([
    ["15", 15_000],
    ["0.5", 500],
    ["15s", 15_000],
    ["1m30s", 90_000],
    ["0", null],
    ["-1", null],
    ["fast", null],
  ])("duration %s -> %s", (v, want) => {
    expect(parseApiDuration(v)).toBe(want);
  });

  it("reads GET query strings and POST forms, and names bad parameters", async () => {
    const get = await ApiParams.from(new Request("http://h/api/v1/series?match[]=up&match[]=x&start=10"));
    expect(get.all("match[]")).toEqual(["up", "x"]);
    expect(get.time("start", 0)).toBe(10_000);
    const post = await ApiParams.from(
      new Request("http://h/api/v1/query", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "query=sum(rate(x[5m]))&time=2",
      }),
    );
    expect(post.required("query")).toBe("sum(rate(x[5m]))");
    expect(post.time("time", 0)).toBe(2000);
    expect(() => post.required("step")).toThrow('invalid parameter "step": parameter is missing');
    const bad = await ApiParams.from(new Request("http://h/?time=soon"));
    expect(() => bad.time("time", 0)).toThrow('invalid parameter "time": cannot parse "soon" to a valid timestamp');
  });
});
