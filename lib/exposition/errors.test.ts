import { describe, expect, it } from "vitest";
import { ExpositionError, parseExposition, type ExpositionFormat } from "./index";

// [format, body, line, message]: every rejection names its line and what was expected there.
const cases: [ExpositionFormat, string, number, string][] = [
  ["text", "a 1\nb{c=\"d\"} 2\nx{y=x} 1\n", 3, "line 3: expected label value in double quotes, got 'x'"],
  ["text", "a{b=\"c\" 1\n", 1, "line 1: expected ',' or '}' after the label value, got '1'"],
  ["text", "a{b=\"c\"\n", 1, "line 1: expected ',' or '}' after the label value, got end of line"],
  ["text", "a{b=\"c\n} 1\n", 1, "line 1: expected '\"' to close the label value, got end of line"],
  ["text", "a{=\"c\"} 1\n", 1, "line 1: expected a label name or '}', got '='"],
  ["text", "a{b\"c\"} 1\n", 1, "line 1: expected '=' after the label name 'b', got '\"c'"],
  ["text", "a{b=\"c\",,} 1\n", 1, "line 1: expected a label name or '}', got ','"],
  ["text", "a{b=\"c\" d=\"e\"} 1\n", 1, "line 1: expected ',' or '}' after the label value, got 'd'"],
  ["text", "a{b=\"c\",b=\"d\"} 1\n", 1, "line 1: duplicate label name 'b'"],
  ["text", "a{__name__=\"c\"} 1\n", 1, "line 1: label name '__name__' is reserved for the metric name"],
  ["text", "{b=\"c\"} 1\n", 1, "line 1: expected a metric name: the label set has no quoted metric name and none comes before it"],
  ["text", "a{\"b\"} 1\n", 1, "line 1: metric name given twice: 'a' and 'b'"],
  ["text", "{\"\"} 1\n", 1, "line 1: empty metric name"],
  ["text", "a{\"\"=\"x\"} 1\n", 1, "line 1: empty label name"],
  ["text", "a{\"é\"=\"1\",\"é\"=\"2\"} 1\n", 1, "line 1: duplicate label name 'é'"],
  ["text", "a\n", 1, "line 1: expected whitespace or '{' after the metric name, got end of line"],
  ["text", "a xyz\n", 1, "line 1: expected a float sample value, got 'xyz'"],
  ["text", "a 1e999\n", 1, "line 1: a float sample value is out of range: '1e999'"],
  ["text", "a 0x10\n", 1, "line 1: expected a float sample value, got '0x10'"],
  ["text", "a 1_000\n", 1, "line 1: expected a float sample value, got '1_000'"],
  ["text", "a +nan\n", 1, "line 1: expected a float sample value, got '+nan'"],
  ["text", "a 1 1.5\n", 1, "line 1: expected a timestamp in integer milliseconds, got '1.5'"],
  ["text", "a 1 abc\n", 1, "line 1: expected a timestamp in integer milliseconds, got 'abc'"],
  ["text", "a 1 2 3\n", 1, "line 1: expected the end of the line after the timestamp, got '3'"],
  ["text", "a-b 1\n", 1, "line 1: expected whitespace or '{' after the metric name, got '-b'"],
  ["text", "1a 1\n", 1, "line 1: expected a metric name or '{' at the start of a sample line, got '1a'"],
  ["text", "# TYPE a foo\n", 1, "line 1: unknown metric type 'foo' (expected counter, gauge, histogram, summary or untyped)"],
  ["text", "# TYPE a gaugehistogram\n", 1, "line 1: unknown metric type 'gaugehistogram' (expected counter, gauge, histogram, summary or untyped)"],
  ["text", "# TYPE a\n", 1, "line 1: unknown metric type '' (expected counter, gauge, histogram, summary or untyped)"],
  ["text", "# HELP 1a x\n", 1, "line 1: expected a metric name after HELP, got '1a'"],
  ["text", "# TYPE a counter\n# TYPE a gauge\n", 2, "line 2: duplicate TYPE line for family 'a'"],
  ["text", "# HELP a x\n# HELP a y\n", 2, "line 2: duplicate HELP line for family 'a'"],
  ["text", "a 1\n# TYPE a counter\n", 2, "line 2: TYPE line for family 'a' must come before its samples"],
  ["text", "# HELP a-b x\n", 1, "line 1: expected whitespace after the metric name in HELP, got '-b'"],
  ["openmetrics", "a 1\n", 2, "line 2: expected '# EOF' as the last line"],
  ["openmetrics", "a 1\n# EOF\nb 1\n", 3, "line 3: unexpected content after '# EOF'"],
  ["openmetrics", "a 1\n\n# EOF\n", 2, "line 2: unexpected blank line (OpenMetrics allows none)"],
  ["openmetrics", "# comment\n# EOF\n", 1, "line 1: expected HELP, TYPE, UNIT or EOF after '# ', got 'comment'"],
  ["openmetrics", "#HELP a x\n# EOF\n", 1, "line 1: expected ' ' after '#' (OpenMetrics allows no other comments), got 'HELP'"],
  ["openmetrics", "# HELP a\n# EOF\n", 1, "line 1: expected ' ' and text after the metric name in HELP, got end of line"],
  ["openmetrics", "# TYPE a untyped\n# EOF\n", 1, "line 1: unknown metric type 'untyped' (expected counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown)"],
  ["openmetrics", "# TYPE a counter\na 1\n# EOF\n", 2, "line 2: counter sample 'a' must be named 'a_total' or 'a_created'"],
  ["openmetrics", "# TYPE a_total counter\na_total 1\n# EOF\n", 2, "line 2: counter sample 'a_total' must be named 'a_total_total' or 'a_total_created'"],
  ["openmetrics", "# TYPE a histogram\na 1\n# EOF\n", 2, "line 2: histogram sample 'a' must be named 'a_bucket', 'a_count', 'a_sum' or 'a_created'"],
  ["openmetrics", "# TYPE a info\na 1\n# EOF\n", 2, "line 2: info sample 'a' must be named 'a_info'"],
  ["openmetrics", "# TYPE a counter\n# TYPE a counter\n# EOF\n", 2, "line 2: duplicate TYPE line for family 'a'"],
  ["openmetrics", "# HELP a x\n# HELP a y\n# EOF\n", 2, "line 2: duplicate HELP line for family 'a'"],
  ["openmetrics", "# UNIT a_seconds seconds\n# UNIT a_seconds seconds\n# EOF\n", 2, "line 2: duplicate UNIT line for family 'a_seconds'"],
  ["openmetrics", "# UNIT a bytes\n# EOF\n", 1, "line 1: unit 'bytes' is not a suffix of the family name 'a'"],
  ["openmetrics", "# TYPE a gauge\na 1\n# HELP a x\n# EOF\n", 3, "line 3: HELP for family 'a' must come before its samples"],
  ["openmetrics", "a 1\nb 1\na 2\n# EOF\n", 3, "line 3: family 'a' appears again after other families; in OpenMetrics a family's metadata and samples must be contiguous"],
  ["openmetrics", "# TYPE a counter\na_total 1\na_total 2\n# TYPE b gauge\nb 1\n# TYPE a counter\n# EOF\n", 6, "line 6: family 'a' appears again after other families; in OpenMetrics a family's metadata and samples must be contiguous"],
  ["openmetrics", "# TYPE a counter\na_total 1\nb 1\na_total 2\n# EOF\n", 4, "line 4: name 'a_total' belongs to the earlier family 'a'; in OpenMetrics a family's samples must be contiguous and names must not clash"],
  ["openmetrics", "# TYPE a counter\na_total 1\n# TYPE a_total gauge\n# EOF\n", 3, "line 3: name 'a_total' belongs to the earlier family 'a'; in OpenMetrics a family's samples must be contiguous and names must not clash"],
  ["openmetrics", "a_created 1\n# TYPE a counter\n# EOF\n", 2, "line 2: counter family 'a' clashes with the earlier family 'a_created' over the name 'a_created'"],
  ["openmetrics", "a  1\n# EOF\n", 1, "line 1: expected a float sample value, got ' '"],
  ["openmetrics", "a 1 \n# EOF\n", 1, "line 1: expected a timestamp or '# {' after the value, got end of line"],
  ["openmetrics", "a\t1\n# EOF\n", 1, "line 1: expected ' ' or '{' after the metric name, got '\\t'"],
  ["openmetrics", "a{b=\"c\", d=\"e\"} 1\n# EOF\n", 1, "line 1: expected a label name or '}', got ' '"],
  ["openmetrics", "a 1 NaN\n# EOF\n", 1, "line 1: expected a timestamp in seconds, got 'NaN'"],
  ["openmetrics", "a 1 +Inf\n# EOF\n", 1, "line 1: expected a timestamp in seconds, got '+Inf'"],
  ["openmetrics", "a 1 x\n# EOF\n", 1, "line 1: expected a timestamp in seconds, got 'x'"],
  ["openmetrics", "a 1 # {b=\"c\"}\n# EOF\n", 1, "line 1: expected ' ' and a value after the exemplar's labels, got end of line"],
  ["openmetrics", "a 1 # {b=\"c\"} x\n# EOF\n", 1, "line 1: expected a float exemplar value, got 'x'"],
  ["openmetrics", "a 1 # {b=\"c\"} 1 x\n# EOF\n", 1, "line 1: expected an exemplar timestamp in seconds, got 'x'"],
  ["openmetrics", "a 1 # b=\"c\" 1\n# EOF\n", 1, "line 1: expected '# {' to start an exemplar, got '#'"],
  ["openmetrics", "a 1 #{b=\"c\"} 1\n# EOF\n", 1, "line 1: expected '# {' to start an exemplar, got '#'"],
  ["openmetrics", "a 1 # {\"x\"} 1\n# EOF\n", 1, "line 1: expected '=' after the label name 'x', got '}'"],
  ["openmetrics", "a 1 # {b=\"c\",b=\"d\"} 1\n# EOF\n", 1, "line 1: duplicate label name 'b'"],
  ["openmetrics", "a 1 # {b=\"c\"} 1 2 3\n# EOF\n", 1, "line 1: expected the end of the line, got ' '"],
  ["openmetrics", "a 1\r\n# EOF\n", 1, "line 1: expected a float sample value, got '1\\r'"],
  ["openmetrics", "# EOF\n\n", 2, "line 2: unexpected content after '# EOF'"],
  ["openmetrics", "# EOFX\n", 1, "line 1: expected HELP, TYPE, UNIT or EOF after '# ', got 'EOFX'"],
  ["openmetrics", "", 1, "line 1: expected '# EOF' as the last line"],
];

describe("invalid expositions", () => {
  it.each(cases)("%s %j -> line %i", (format, body, line, message) => {
    let caught: unknown;
    try {
      parseExposition(body, { format });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExpositionError);
    const err = caught as ExpositionError;
    expect(err.message).toBe(message);
    expect(err.line).toBe(line);
    expect(err.message.startsWith(`line ${line}: `)).toBe(true);
    expect(err.detail).toBe(message.slice(`line ${line}: `.length));
  });

  it("counts lines across comments, blank lines and CRLF", () => {
    expect(() => parseExposition("# c\n\r\n\na 1\r\nb x\n", { format: "text" })).toThrow("line 5: expected a float sample value, got 'x'");
  });
});
