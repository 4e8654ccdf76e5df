import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseExposition, type ExpositionFormat } from "./index";

// Cross-check against the Python client's parsers (Debian's python3-prometheus-client), which
// are an independent implementation: every sample of every conformance file must agree.
const PYTHON = "/usr/bin/python3";
const DIR = path.resolve(process.cwd(), "../shared/conformance/exposition");

// Prints every sample as JSON. Values that JSON cannot hold become "NaN"/"+Inf"/"-Inf"; the text
// parser gives timestamps as float seconds (from integer ms), OpenMetrics as Timestamp(sec, nsec).
const SCRIPT = `
import json, math, sys
path, fmt = sys.argv[1], sys.argv[2]
if fmt == "openmetrics":
    from prometheus_client.openmetrics.parser import text_string_to_metric_families, _parse_sample
else:
    from prometheus_client.parser import text_string_to_metric_families
def num(v):
    if isinstance(v, float) and math.isnan(v): return "NaN"
    if isinstance(v, float) and math.isinf(v): return "+Inf" if v > 0 else "-Inf"
    return v
def ms(ts):
    if ts is None: return None
    if hasattr(ts, "sec"): return ts.sec * 1000 + ts.nsec // 1000000
    return round(ts * 1000) if fmt == "text" else math.trunc(ts * 1000)
def row(typ, s):
    return {"type": typ, "name": s.name, "labels": s.labels, "value": num(s.value), "timestamp": ms(s.timestamp)}
with open(path, encoding="utf-8") as f:
    text = f.read()
try:
    out = {"samples": [row(fam.type, s) for fam in text_string_to_metric_families(text) for s in fam.samples]}
except ValueError as e:
    if fmt != "openmetrics": raise
    # The family-level checks refused the file: parse each sample line with the same module.
    lines = [l for l in text.split("\\n") if l and not l.startswith("#")]
    out = {"refused": str(e), "samples": [row("", _parse_sample(l)) for l in lines]}
print(json.dumps(out))
`;

// Checks the Python OpenMetrics parser makes that Prometheus does not (so neither does Headroom):
// a histogram with negative buckets may have a negative _sum in Prometheus's own test data.
const PYTHON_ONLY_CHECKS = [/^Counter-like samples cannot be negative: \S+_sum /];

interface Row {
  name: string;
  labels: Record<string, string>;
  value: number | string;
  timestamp: number | null;
}

function pythonProblem(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const probe = spawnSync(PYTHON, ["-c", "import prometheus_client.parser, prometheus_client.openmetrics.parser"], { encoding: "utf8" });
  if (probe.status !== 0) return `${PYTHON} cannot import prometheus_client (apt-get install python3-prometheus-client): ${probe.stderr.trim()}`;
  if (!existsSync(DIR)) return `${DIR} is absent`;
  return null;
}

function formatOf(file: string): ExpositionFormat {
  return file.endsWith(".om.txt") ? "openmetrics" : "text";
}

const jsonValue = (v: number): number | string => (Number.isNaN(v) ? "NaN" : v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : v === 0 ? 0 : v);

function headroomRows(file: string): (Row & { family: string; type: string })[] {
  // Raw le/quantile: the Python client does not apply Prometheus 3's float normalization.
  const exp = parseExposition(readFileSync(path.join(DIR, file), "utf8"), { format: formatOf(file), normalizeFloatLabels: false });
  return exp.toArray().map((s) => {
    const { __name__: _name, ...labels } = s.labels;
    return { name: s.name, labels, value: jsonValue(s.value), timestamp: s.timestamp, family: s.family.name, type: s.family.type };
  });
}

function pythonRows(file: string): (Row & { type: string })[] {
  const run = spawnSync(PYTHON, ["-c", SCRIPT, path.join(DIR, file), formatOf(file)], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`python parser failed on ${file}: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as { refused?: string; samples: (Row & { type: string })[] };
  if (out.refused !== undefined && !PYTHON_ONLY_CHECKS.some((re) => re.test(out.refused as string))) {
    throw new Error(`python parser refused ${file}: ${out.refused}`);
  }
  return out.samples;
}

/** Python's rows in Headroom's terms, where the two differ by design rather than by error. */
function normalize(theirs: (Row & { type: string })[], ours: (Row & { family: string; type: string })[], format: ExpositionFormat): Row[] {
  return theirs.map((r, i) => {
    const mine = ours[i];
    let name = r.name;
    // Python's text parser renames a counter's samples to end in _total when the family name
    // does not (OpenMetrics style); the exposition itself did not say _total.
    if (format === "text" && r.type === "counter" && mine && !mine.family.endsWith("_total") && name === mine.name + "_total") name = mine.name;
    // Prometheus (and so Headroom) treats an empty label value as no label; Python keeps it.
    const labels = Object.fromEntries(Object.entries(r.labels).filter(([, v]) => v !== ""));
    const value = r.value === 0 ? 0 : r.value;
    return { name, labels, value, timestamp: r.timestamp };
  });
}

describe("cross-check with the Python prometheus_client parsers", () => {
  const problem = pythonProblem();
  if (problem !== null) {
    if (process.env.CI === "true") {
      it("has python3-prometheus-client and the conformance files", () => {
        throw new Error(problem);
      });
    } else {
      console.warn(`\n*** lib/exposition: SKIPPING the Python cross-check: ${problem} ***\n`);
      it.skip("python3-prometheus-client unavailable", () => {});
    }
    return;
  }

  const files = readdirSync(DIR).filter((f) => f.endsWith(".txt")).sort();
  it.each(files)("%s: same samples as prometheus_client", (file) => {
    const ours = headroomRows(file);
    const theirs = normalize(pythonRows(file), ours, formatOf(file));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.map(({ name, labels, value, timestamp }) => ({ name, labels, value, timestamp }))).toEqual(theirs);
  });
});
