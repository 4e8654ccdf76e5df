import { describe, expect, it } from "vitest";
import { parseNewTarget } from "./db-targets";

describe("parseNewTarget", () => {
  it("accepts a job and a URL, with labels as an object or as name=value text", () => {
    expect(parseNewTarget({ job: " vllm ", url: "http://10.0.0.5:8000/metrics" })).toEqual({
      ok: true,
      value: { job: "vllm", url: "http://10.0.0.5:8000/metrics", labels: {}, interval: null },
    });
    const r = parseNewTarget({ job: "j", url: "https://h/m?x=1", labels: 'model=deepseek, zone="eu 1"', interval: "30s" });
    expect(r).toEqual({ ok: true, value: { job: "j", url: "https://h/m?x=1", labels: { model: "deepseek", zone: "eu 1" }, interval: 30_000 } });
    expect(parseNewTarget({ job: "j", url: "http://h:1", labels: { a: "b" }, interval: "" })).toMatchObject({ ok: true, value: { labels: { a: "b" }, interval: null } });
  });

  it("scrapes /metrics of a URL without a path, and keeps an explicit path, even /", () => {
    const url = (u: string) => (parseNewTarget({ job: "j", url: u }) as { value: { url: string } }).value.url;
    expect(url("http://h:1")).toBe("http://h:1/metrics");
    expect(url("http://h:1?x=1")).toBe("http://h:1/metrics?x=1");
    expect(url("http://h:1/")).toBe("http://h:1/");
    expect(url("http://h:1/stats")).toBe("http://h:1/stats");
  });

  it.each([
    [{ url: "http://h:1" }, "job", "job: is required"],
    [{ job: "", url: "http://h:1" }, "job", "job: is required"],
    [{ job: "a\nb", url: "http://h:1" }, "job", "job: must not contain control characters"],
    [{ job: "j" }, "url", "url: is required"],
    [{ job: "j", url: "10.0.0.5:8000" }, "url", "url: is not a URL (e.g. http://"],
    [{ job: "j", url: "node:8000" }, "url", "url: must be an http:// or https:// URL"],
    [{ job: "j", url: "not a url" }, "url", "url: is not a URL"],
    [{ job: "j", url: "ftp://h/metrics" }, "url", "url: must be an http:// or https:// URL"],
    [{ job: "j", url: "http://u:p@h/metrics" }, "url", "url: must not contain credentials"],
    [{ job: "j", url: "http://h:1", labels: "model" }, "labels", 'labels: expected name=value, got "model"'],
    [{ job: "j", url: "http://h:1", labels: { "1x": "v" } }, "labels", 'labels: invalid label name "1x"'],
    [{ job: "j", url: "http://h:1", labels: { instance: "x" } }, "labels", 'labels: label "instance" is set by Headroom'],
    [{ job: "j", url: "http://h:1", labels: { __address__: "x" } }, "labels", 'labels: label "__address__" is set by Headroom'],
    [{ job: "j", url: "http://h:1", interval: "fast" }, "interval", 'interval: invalid duration "fast"'],
    [{ job: "j", url: "http://h:1", interval: "500ms" }, "interval", "interval: must be between 1s and 1h"],
    [{ job: "j", url: "http://h:1", extra: 1 }, "extra", "extra: unknown field"],
    [null, "body", "body:"],
  ])("rejects %j naming the field", (body, field, message) => {
    const r = parseNewTarget(body);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.error.startsWith(message)).toBe(true);
    }
  });
});
