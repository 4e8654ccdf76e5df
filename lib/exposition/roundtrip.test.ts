import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExposition, type ExpositionFormat } from "./index";

// Property: whatever samples we write out in either format, by the formats' own rules, parse back
// to exactly those samples. Names, label values and values are drawn to hit escapes and edge cases.

interface GenSample {
  name: string;
  labels: [string, string][];
  value: number;
  timestamp: number | null;
}

const legacyName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,12}$/);
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/).filter((n) => n !== "__name__");
const utf8Name = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom("a", "é", ".", "-", " ", '"', "\\", "✓", "_", "\n") });
const labelValue = fc.string({ maxLength: 10, unit: fc.constantFrom("a", "b", " ", '"', "\\", "\n", "ü", "{", "}", ",", "=", "#", "€") });
const value = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-300, 1.7976931348623157e308));

const sample = (quotedNames: boolean) =>
  fc.record({
    name: quotedNames ? fc.oneof(legacyName, utf8Name) : legacyName,
    labels: fc.uniqueArray(fc.tuple(quotedNames ? fc.oneof(labelName, utf8Name) : labelName, labelValue), {
      maxLength: 4,
      selector: ([n]) => n,
    }),
    value,
    timestamp: fc.option(fc.integer({ min: -1e12, max: 4e12 }), { nil: null }),
  });

const escape = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const plainMetric = (s: string) => /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(s);
const plainLabel = (s: string) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(s);

function render(samples: GenSample[], format: ExpositionFormat): string {
  const om = format === "openmetrics";
  const lines = samples.map((s, i) => {
    const labels = s.labels.map(([n, v]) => `${plainLabel(n) ? n : `"${escape(n)}"`}="${escape(v)}"`);
    let series: string;
    if (plainMetric(s.name)) series = labels.length > 0 || i % 2 === 0 ? `${s.name}{${labels.join(",")}}` : s.name;
    else series = `{${[`"${escape(s.name)}"`, ...labels].join(",")}}`;
    const v = Number.isNaN(s.value) ? "NaN" : s.value === Infinity ? "+Inf" : s.value === -Infinity ? "-Inf" : Object.is(s.value, -0) ? "-0" : String(s.value);
    const ts = s.timestamp === null ? "" : om ? ` ${s.timestamp / 1000}` : ` ${s.timestamp}`;
    // Each sample its own family: an untyped family per line is valid in both formats.
    return `# TYPE ${plainMetric(s.name) ? s.name : `"${escape(s.name)}"`} ${om ? "unknown" : "untyped"}\n${series} ${v}${ts}`;
  });
  const body = lines.map((l) => l + "\n").join("");
  return om ? body + "# EOF\n" : body;
}

// One family per distinct name, and no name may be another's (OpenMetrics refuses clashes).
const distinctNames = (quoted: boolean) => fc.uniqueArray(sample(quoted), { maxLength: 12, selector: (s) => s.name });

describe("round trip", () => {
  it.each(["text", "openmetrics"] as const)("%s: rendered samples parse back unchanged", (format) => {
    fc.assert(
      fc.property(distinctNames(true), (samples) => {
        const exp = parseExposition(render(samples, format), { format });
        expect(exp.length).toBe(samples.length);
        samples.forEach((s, i) => {
          expect(exp.name(i)).toBe(s.name);
          expect(exp.labels(i)).toEqual({ __name__: s.name, ...Object.fromEntries(s.labels.filter(([, v]) => v !== "")) });
          expect(Object.is(exp.value(i), s.value) || (Number.isNaN(s.value) && Number.isNaN(exp.value(i)))).toBe(true);
          expect(exp.timestamp(i)).toBe(s.timestamp);
          expect(exp.family(i).name).toBe(s.name);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("never throws anything but ExpositionError on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: fc.constantFrom("a", "_", "{", "}", '"', "=", ",", " ", "\n", "#", "1", ".", "e", "\\", "\t", "T", "Y", "P", "E") }), (body) => {
        for (const format of ["text", "openmetrics"] as const) {
          try {
            parseExposition(body, { format });
          } catch (err) {
            expect((err as Error).name).toBe("ExpositionError");
            expect((err as Error).message).toMatch(/^line \d+: /);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
