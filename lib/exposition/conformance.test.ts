import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseExposition } from "./index";

// Real expositions from Prometheus's parser tests, kept outside the repository in ../shared.
const DIR = path.resolve(process.cwd(), "../shared/conformance/exposition");
const present = existsSync(DIR);
const files = present ? readdirSync(DIR).filter((f) => f.endsWith(".txt")).sort() : [];

/** The format a conformance file is written in, by Prometheus's naming (*.om.txt, *.prom.txt). */
function formatOf(file: string) {
  return file.endsWith(".om.txt") ? "openmetrics" : "text";
}

describe("conformance expositions", () => {
  if (!present) {
    if (process.env.CI === "true") {
      it("has the shared conformance folder", () => {
        throw new Error(`${DIR} is missing: CI must run with ../shared beside the repository`);
      });
    } else {
      console.warn(`\n*** lib/exposition: ${DIR} is absent; SKIPPING the conformance expositions ***\n`);
      it.skip("conformance folder absent", () => {});
    }
    return;
  }

  it("finds files to check", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s parses, with one sample per sample line", (file) => {
    const body = readFileSync(path.join(DIR, file), "utf8");
    const exp = parseExposition(body, { format: formatOf(file) });
    // Every non-comment, non-blank line of these files is exactly one sample.
    const sampleLines = body.split("\n").filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#")).length;
    expect(exp.length).toBe(sampleLines);
    expect(exp.length).toBeGreaterThan(0);
    // Prometheus names the files after their family count: alltypes.237mfs.prom.txt has 237.
    const mfs = /\.(\d+)mfs\./.exec(file);
    if (mfs) expect(exp.families.length).toBe(Number(mfs[1]));
    if (file.startsWith("1histogram")) expect(exp.families.map((f) => f.type)).toEqual(["histogram"]);
    for (let i = 0; i < exp.length; i++) {
      expect(exp.name(i).startsWith(exp.family(i).name)).toBe(true);
      expect(Number.isNaN(exp.value(i)) || typeof exp.value(i) === "number").toBe(true);
    }
  });

  it("reads the OpenMetrics files with format auto too", () => {
    for (const file of files.filter((f) => formatOf(f) === "openmetrics")) {
      expect(parseExposition(readFileSync(path.join(DIR, file), "utf8")).format).toBe("openmetrics");
    }
  });

  it("finds the exemplars of alltypes.5mfs.om.txt", () => {
    const file = path.join(DIR, "alltypes.5mfs.om.txt");
    if (!existsSync(file)) return;
    const exp = parseExposition(readFileSync(file, "utf8"), { format: "openmetrics" });
    let count = 0;
    for (let i = 0; i < exp.length; i++) if (exp.exemplar(i) !== null) count++;
    expect(count).toBe(6);
    const first = exp.toArray().find((s) => s.exemplar !== null);
    expect(first?.exemplar).toEqual({ labels: { dummyID: "17783" }, value: -0.0003825067330956884, timestamp: 1726839814223 });
  });
});
