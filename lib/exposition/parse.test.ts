import { describe, expect, it } from "vitest";
import { STALE_NAN_HI, STALE_NAN_LO } from "@/lib/model";
import { parseExposition, type ExpositionFormat } from "./index";

type Row = [name: string, labels: Record<string, string>, value: number, timestamp: number | null];

function rows(body: string, format: ExpositionFormat): Row[] {
  const exp = parseExposition(body, { format });
  return exp.toArray().map((s) => {
    const { __name__, ...rest } = s.labels;
    expect(__name__).toBe(s.name);
    return [s.name, rest, s.value, s.timestamp];
  });
}

const text: { name: string; body: string; want: Row[] }[] = [
  { name: "bare sample", body: "up 1\n", want: [["up", {}, 1, null]] },
  { name: "no final newline", body: "up 1", want: [["up", {}, 1, null]] },
  { name: "labels", body: 'http_requests_total{method="post",code="200"} 1027\n', want: [["http_requests_total", { method: "post", code: "200" }, 1027, null]] },
  { name: "trailing comma", body: 'a{b="c",} 1\n', want: [["a", { b: "c" }, 1, null]] },
  { name: "empty label set", body: "a{} 1\n", want: [["a", {}, 1, null]] },
  { name: "blanks around tokens", body: '  a { b = "c" , d="e" }   2   3 \n', want: [["a", { b: "c", d: "e" }, 2, 3]] },
  { name: "tabs", body: 'a\t{b="c"}\t2\t3\n', want: [["a", { b: "c" }, 2, 3]] },
  { name: "no blank after labels", body: 'a{b="c"}2\n', want: [["a", { b: "c" }, 2, null]] },
  { name: "CRLF", body: "a 1\r\nb 2 5\r\n", want: [["a", {}, 1, null], ["b", {}, 2, 5]] },
  { name: "timestamp ms", body: "a 1 1395066363000\n", want: [["a", {}, 1, 1395066363000]] },
  { name: "negative timestamp", body: "a 1 -1000\n", want: [["a", {}, 1, -1000]] },
  { name: "escapes in label value", body: 'a{p="C:\\\\dir\\\\",q="say \\"hi\\"",r="x\\ny",s="\\t"} 1\n', want: [["a", { p: "C:\\dir\\", q: 'say "hi"', r: "x\ny", s: "\\t" }, 1, null]] },
  { name: "utf-8 label value", body: 'a{b="ünïcødé ✓"} 1\n', want: [["a", { b: "ünïcødé ✓" }, 1, null]] },
  { name: "empty label value is dropped", body: 'a{b="",c="d"} 1\n', want: [["a", { c: "d" }, 1, null]] },
  { name: "colons in metric name", body: "job:rate:5m 0.5\n", want: [["job:rate:5m", {}, 0.5, null]] },
  { name: "quoted metric name", body: '{"my.metric", "label.name"="v"} 1\n', want: [["my.metric", { "label.name": "v" }, 1, null]] },
  { name: "quoted name alone", body: '{"my.metric"} 1\n', want: [["my.metric", {}, 1, null]] },
  { name: "quoted name after labels", body: '{a="b","my.metric"} 1\n', want: [["my.metric", { a: "b" }, 1, null]] },
  { name: "quoted label name", body: 'a{"b.c"="d"} 1\n', want: [["a", { "b.c": "d" }, 1, null]] },
  { name: "escaped quoted name", body: '{"a\\"b"} 1\n', want: [['a"b', {}, 1, null]] },
  { name: "comments and blank lines", body: "# just a comment\n\n#HELP not metadata\n# EOF is a comment here\na 1\n", want: [["a", {}, 1, null]] },
  { name: "non-ASCII quoted label names", body: 'a{"é"="1","✓"="2"} 1\n', want: [["a", { "é": "1", "✓": "2" }, 1, null]] },
  { name: "__proto__ label", body: 'a{__proto__="x"} 1\n', want: [["a", { ["__proto__"]: "x" }, 1, null]] },
];

const floats: [string, number][] = [
  ["0", 0], ["-0", -0], ["1.5", 1.5], ["-1.5e-3", -0.0015], ["1E3", 1000], [".5", 0.5], ["5.", 5], ["+7", 7],
  ["NaN", NaN], ["nan", NaN], ["Inf", Infinity], ["+Inf", Infinity], ["-Inf", -Infinity], ["inf", Infinity],
  ["+infinity", Infinity], ["-Infinity", -Infinity], ["INF", Infinity],
  ["2.279966416e+09", 2279966416], ["7.689368882420941e-07", 7.689368882420941e-7], ["123456789012345678901", 123456789012345678901],
  ["1.7976931348623157e308", 1.7976931348623157e308], ["4.9e-324", 4.9e-324], ["1e-400", 0],
];

describe("text format samples", () => {
  it.each(text)("$name", ({ body, want }) => {
    expect(rows(body, "text")).toEqual(want);
  });

  it.each(floats)("value %s", (spelling, want) => {
    const [[, , value]] = rows(`a ${spelling}\n`, "text");
    expect(Object.is(value, want)).toBe(true);
  });
});

describe("repeated label sets (the bucket shortcut)", () => {
  it.each(["text", "openmetrics"] as const)("%s: same prefix, new last value, or a different shape", (format) => {
    const body = [
      "# TYPE h histogram",
      'h_bucket{path="/a",le="0.1"} 1',
      'h_bucket{path="/a",le="0.5"} 2',
      'h_bucket{path="/a",le="x\\"y"} 3',
      'h_bucket{path="/a",le="1",extra="e"} 4',
      'h_bucket{path="/a",le="2"} 5',
      'h_bucket{path="/a",le=""} 6',
      'h_bucket{path="/a",le="+Inf"} 7',
    ].join("\n") + (format === "openmetrics" ? "\n# EOF\n" : "\n");
    const exp = parseExposition(body, { format, normalizeFloatLabels: false });
    expect(exp.toArray().map((x) => x.labels)).toEqual([
      { __name__: "h_bucket", path: "/a", le: "0.1" },
      { __name__: "h_bucket", path: "/a", le: "0.5" },
      { __name__: "h_bucket", path: "/a", le: 'x"y' },
      { __name__: "h_bucket", path: "/a", le: "1", extra: "e" },
      { __name__: "h_bucket", path: "/a", le: "2" },
      { __name__: "h_bucket", path: "/a" },
      { __name__: "h_bucket", path: "/a", le: "+Inf" },
    ]);
    expect(exp.series(4)).toBe('h_bucket{path="/a",le="2"}');
  });

  it("still refuses a line break inside the repeated last value", () => {
    expect(() => parseExposition('a{b="1",c="2"} 1\na{b="1",c="3\n"} 1\n', { format: "text" })).toThrow(
      "line 2: expected '\"' to close the label value, got end of line",
    );
  });
});

describe("NaN values", () => {
  it("are never Prometheus's staleness marker, whatever the spelling", () => {
    // A target cannot mark its own series stale: Prometheus turns every parsed NaN into the
    // ordinary NaN, and so does JavaScript.
    const exp = parseExposition("a NaN\nb nan\nc NAN\n", { format: "text" });
    const bits = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < exp.length; i++) {
      bits.setFloat64(0, exp.value(i));
      expect(Number.isNaN(exp.value(i))).toBe(true);
      expect(bits.getUint32(0) === STALE_NAN_HI && bits.getUint32(4) === STALE_NAN_LO).toBe(false);
    }
  });
});

describe("text format metadata and families", () => {
  it("groups samples into families by TYPE and suffix", () => {
    const body = [
      "# HELP rpc_seconds RPC latency.",
      "# TYPE rpc_seconds histogram",
      'rpc_seconds_bucket{le="0.1"} 1',
      'rpc_seconds_bucket{le="+Inf"} 2',
      "rpc_seconds_sum 0.3",
      "rpc_seconds_count 2",
      "# TYPE q summary",
      'q{quantile="0.5"} 1',
      "q_sum 1",
      "q_count 1",
      "# TYPE requests_total counter",
      "requests_total 3",
      "# TYPE temp gauge",
      "temp 20",
      "# TYPE thing untyped",
      "thing 1",
      "loner 1",
    ].join("\n");
    const exp = parseExposition(body, { format: "text" });
    expect(exp.families).toEqual([
      { name: "rpc_seconds", type: "histogram", help: "RPC latency.", unit: "" },
      { name: "q", type: "summary", help: "", unit: "" },
      { name: "requests_total", type: "counter", help: "", unit: "" },
      { name: "temp", type: "gauge", help: "", unit: "" },
      { name: "thing", type: "unknown", help: "", unit: "" },
      { name: "loner", type: "unknown", help: "", unit: "" },
    ]);
    expect(exp.toArray().map((s) => s.family.name)).toEqual([
      "rpc_seconds", "rpc_seconds", "rpc_seconds", "rpc_seconds", "q", "q", "q", "requests_total", "temp", "thing", "loner",
    ]);
  });

  it.each([
    ["backslash and newline", "# HELP a x\\\\y\\nz\n", "x\\y\nz"],
    ["\\\" is not an escape in text HELP", '# HELP a say \\"hi\\"\n', 'say \\"hi\\"'],
    ["one blank dropped, the rest kept", "# HELP a   spaced \n", "  spaced "],
    ["empty HELP", "# HELP a\n", ""],
    ["tab separators", "#\tHELP\ta\thelp\n", "help"],
    ["quoted family name", '# HELP "a" help\n', "help"],
  ])("HELP: %s", (_, body, help) => {
    expect(parseExposition(body + "a 1\n", { format: "text" }).families[0].help).toBe(help);
  });

  it("keeps samples of a family that comes back later (text allows it)", () => {
    const exp = parseExposition("# TYPE a counter\na 1\n# TYPE b gauge\nb 2\na 3\n", { format: "text" });
    expect(exp.families.map((f) => f.name)).toEqual(["a", "b"]);
    expect(exp.family(2).name).toBe("a");
  });

  it("normalizes le and quantile as Prometheus 3 does, unless told not to", () => {
    const body = '# TYPE h histogram\nh_bucket{le="1"} 0\nh_bucket{le="1e6"} 0\nh_bucket{le="+inf"} 0\n# TYPE s summary\ns{quantile="0.50"} 1\n# TYPE g gauge\ng{le="1"} 1\n';
    const le = (e: ReturnType<typeof parseExposition>) => e.toArray().map((s) => s.labels.le ?? s.labels.quantile);
    expect(le(parseExposition(body, { format: "text" }))).toEqual(["1.0", "1e+06", "+Inf", "0.5", "1"]);
    expect(le(parseExposition(body, { format: "text", normalizeFloatLabels: false }))).toEqual(["1", "1e6", "+inf", "0.50", "1"]);
  });

  it("exposes the raw series text and a compact label view", () => {
    const exp = parseExposition('a{b="c\\"d",e="f"} 1\n', { format: "text" });
    expect(exp.series(0)).toBe('a{b="c\\"d",e="f"}');
    expect(exp.labelCount(0)).toBe(2);
    expect([exp.labelName(0, 0), exp.labelValue(0, 0), exp.labelName(0, 1), exp.labelValue(0, 1)]).toEqual(["b", 'c"d', "e", "f"]);
  });
});
