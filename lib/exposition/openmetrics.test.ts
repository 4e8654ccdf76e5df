import { describe, expect, it } from "vitest";
import { parseExposition } from "./index";

const om = (body: string) => parseExposition(body, { format: "openmetrics" });
const names = (body: string) => om(body).toArray().map((s) => s.name);

describe("OpenMetrics", () => {
  it("parses every type and groups samples into families by suffix", () => {
    const body = [
      "# TYPE c counter",
      "# HELP c A counter.",
      'c_total{a="1"} 1',
      'c_created{a="1"} 1700000000.5',
      "# TYPE g gauge",
      "g 1",
      "# TYPE g_seconds gauge",
      "# UNIT g_seconds seconds",
      "g_seconds 2",
      "# TYPE h histogram",
      'h_bucket{le="1.0"} 1',
      'h_bucket{le="+Inf"} 2',
      "h_count 2",
      "h_sum 3",
      "h_created 1700000000",
      "# TYPE gh gaugehistogram",
      'gh_bucket{le="+Inf"} 2',
      "gh_gcount 2",
      "gh_gsum 1",
      "# TYPE s summary",
      's{quantile="0.5"} 1',
      "s_count 1",
      "s_sum 1",
      "s_created 1",
      "# TYPE i info",
      'i_info{version="1.2"} 1',
      "# TYPE st stateset",
      'st{st="a"} 1',
      'st{st="b"} 0',
      "# TYPE u unknown",
      "u 1",
      "# EOF",
      "",
    ].join("\n");
    const exp = om(body);
    expect(exp.format).toBe("openmetrics");
    expect(exp.families.map((f) => `${f.name}:${f.type}:${f.unit}`)).toEqual([
      "c:counter:", "g:gauge:", "g_seconds:gauge:seconds", "h:histogram:", "gh:gaugehistogram:", "s:summary:", "i:info:", "st:stateset:", "u:unknown:",
    ]);
    expect(exp.families[0].help).toBe("A counter.");
    const byFamily = exp.toArray().map((s) => `${s.family.name}<-${s.name}`);
    expect(byFamily).toEqual([
      "c<-c_total", "c<-c_created", "g<-g", "g_seconds<-g_seconds", "h<-h_bucket", "h<-h_bucket", "h<-h_count", "h<-h_sum", "h<-h_created",
      "gh<-gh_bucket", "gh<-gh_gcount", "gh<-gh_gsum", "s<-s", "s<-s_count", "s<-s_sum", "s<-s_created", "i<-i_info", "st<-st", "st<-st", "u<-u",
    ]);
    expect(exp.value(1)).toBe(1700000000.5);
  });

  it.each([
    ["1", 1000],
    ["1.5", 1500],
    ["1.005", 1005],
    ["1520879607.789", 1520879607789],
    ["1.7268398142239082e+09", 1726839814223],
    ["-1.5", -1500],
    ["0.0009", 0],
    ["1e3", 1000000],
  ])("timestamp %s s -> %d ms", (ts, ms) => {
    expect(om(`a 1 ${ts}\n# EOF\n`).timestamp(0)).toBe(ms);
  });

  it("parses exemplars, with and without timestamp, and after a timestamp", () => {
    const body = [
      "# TYPE h histogram",
      'h_bucket{le="1.0"} 1 # {trace_id="abc",span="1"} 0.5 1700000000.25',
      'h_bucket{le="+Inf"} 2 # {trace_id="def"} 1.5',
      "h_count 2 1700000001 # {} 7",
      "h_sum 3",
      "# EOF",
    ].join("\n");
    const exp = om(body);
    expect(exp.hasExemplars).toBe(true);
    expect(exp.exemplar(0)).toEqual({ labels: { trace_id: "abc", span: "1" }, value: 0.5, timestamp: 1700000000250 });
    expect(exp.exemplar(1)).toEqual({ labels: { trace_id: "def" }, value: 1.5, timestamp: null });
    expect(exp.exemplar(2)).toEqual({ labels: {}, value: 7, timestamp: null });
    expect(exp.timestamp(2)).toBe(1700000001000);
    expect(exp.exemplar(3)).toBeNull();
    expect(exp.labels(0)).toEqual({ __name__: "h_bucket", le: "1.0" });
  });

  it.each([
    ["escapes in HELP, \\\" included", '# HELP a x\\\\y\\nz \\"q\\"\na 1\n# EOF', 'x\\y\nz "q"'],
    ["empty HELP", "# HELP a \na 1\n# EOF", ""],
  ])("HELP: %s", (_, body, help) => {
    expect(om(body).families[0].help).toBe(help);
  });

  it("accepts an empty exposition, # EOF without a final newline, and trailing commas", () => {
    expect(om("# EOF").length).toBe(0);
    expect(om("# EOF\n").length).toBe(0);
    expect(om('a{b="c",} 1\n# EOF').labels(0)).toEqual({ __name__: "a", b: "c" });
  });

  it("accepts quoted UTF-8 names", () => {
    const exp = om('# TYPE "my.counter" counter\n{"my.counter_total","a.b"="c"} 1\n# EOF\n');
    expect(exp.sample(0)).toMatchObject({ name: "my.counter_total", labels: { __name__: "my.counter_total", "a.b": "c" }, family: { name: "my.counter", type: "counter" } });
  });

  it("starts an unknown family for samples without metadata", () => {
    expect(om("a 1\nb_total 2\n# EOF").families.map((f) => `${f.name}:${f.type}`)).toEqual(["a:unknown", "b_total:unknown"]);
  });

  it("keeps NaN, +Inf and -Inf values", () => {
    expect(names("a NaN\nb +Inf\nc -Inf\n# EOF")).toEqual(["a", "b", "c"]);
    const exp = om("a NaN\nb +Inf\nc -Inf\n# EOF");
    expect([exp.value(0), exp.value(1), exp.value(2)]).toEqual([NaN, Infinity, -Infinity]);
  });
});

describe("format auto", () => {
  const omBody = "# TYPE c counter\nc_total 1\n# EOF\n";
  it.each([
    ["an OpenMetrics content type", "c_total 1\n# EOF\n", "application/openmetrics-text; version=1.0.0; charset=utf-8", "openmetrics"],
    ["a body ending in # EOF", omBody, undefined, "openmetrics"],
    ["# EOF with a text content type", omBody, "text/plain; version=0.0.4", "openmetrics"],
    ["a text body", "c 1\n", undefined, "text"],
    ["a text body that ends in # EOF but is not OpenMetrics", "# TYPE c_total counter\nc_total 1\n# EOF\n", undefined, "text"],
    ["a text content type", "c 1\n", "text/plain; version=0.0.4; charset=utf-8", "text"],
  ])("picks the format from %s", (_, body, contentType, format) => {
    expect(parseExposition(body, { contentType }).format).toBe(format);
  });

  it("reports the OpenMetrics error when a # EOF body is valid in neither format", () => {
    expect(() => parseExposition("a 1 2 3\n# EOF\n")).toThrow(/^line 1: expected '# \{' to start an exemplar after the timestamp/);
  });

  it("reports the text error when the content type said text", () => {
    expect(() => parseExposition("a 1 2 3\n# EOF\n", { contentType: "text/plain" })).toThrow(/^line 1: expected the end of the line after the timestamp/);
  });
});
