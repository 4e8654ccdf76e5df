import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { Command, CommanderError } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerExposition, runExpositionParse, type ExpositionIo } from "./exposition";

const dir = mkdtempSync(path.join(tmpdir(), "headroom-exposition-"));
function file(name: string, body: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, body);
  return p;
}

function io(stdin = ""): ExpositionIo & { out: () => string } {
  let out = "";
  return { stdin: Readable.from([stdin]), stdout: { write: (s: string) => (out += s) }, out: () => out };
}

const lines = (out: string) => out.trim().split("\n").map((l) => JSON.parse(l));

describe("headroom exposition parse (action)", () => {
  it("prints one JSON object per sample, special values as strings", async () => {
    const p = file("ok.prom", '# TYPE a gauge\na{b="c"} 1.5 1700000000000\na{b="d"} NaN\nx +Inf\ny -Inf\n');
    const t = io();
    await runExpositionParse(p, { format: "auto" }, t);
    expect(lines(t.out())).toEqual([
      { name: "a", labels: { __name__: "a", b: "c" }, value: 1.5, timestamp: 1700000000000 },
      { name: "a", labels: { __name__: "a", b: "d" }, value: "NaN", timestamp: null },
      { name: "x", labels: { __name__: "x" }, value: "+Inf", timestamp: null },
      { name: "y", labels: { __name__: "y" }, value: "-Inf", timestamp: null },
    ]);
  });

  it("reads standard input for -", async () => {
    const t = io("# TYPE c counter\nc_total 2 1.5\n# EOF\n");
    await runExpositionParse("-", { format: "auto" }, t);
    expect(lines(t.out())).toEqual([{ name: "c_total", labels: { __name__: "c_total" }, value: 2, timestamp: 1500 }]);
  });

  it("prints nothing for an empty exposition", async () => {
    const t = io("");
    await runExpositionParse("-", { format: "text" }, t);
    expect(t.out()).toBe("");
  });

  it.each([
    ["bad.prom", 'a 1\nb 2\nx{y=x} 1\n', "text", /bad\.prom: line 3: expected label value in double quotes, got 'x'$/],
    ["no-eof.om", "a 1\n", "openmetrics", /no-eof\.om: line 2: expected '# EOF' as the last line$/],
  ] as const)("rejects %s with its line", async (name, body, format, message) => {
    const t = io();
    await expect(runExpositionParse(file(name, body), { format }, t)).rejects.toThrow(message);
    expect(t.out()).toBe("");
  });

  it("says clearly when the file is missing", async () => {
    await expect(runExpositionParse(path.join(dir, "nope.prom"), { format: "auto" }, io())).rejects.toThrow(/^cannot read .*nope\.prom: no such file$/);
  });
});

describe("headroom exposition parse (command line)", () => {
  afterEach(() => vi.restoreAllMocks());

  function program(): Command {
    // Built like bin/cli.ts's buildProgram, without the other commands.
    const p = new Command("headroom").exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    registerExposition(p);
    return p;
  }

  it("parses the file argument with --format", async () => {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    const p = file("cli.om", "# TYPE a gauge\na 3\n# EOF\n");
    await program().parseAsync(["node", "headroom", "exposition", "parse", p, "--format", "openmetrics"]);
    expect(lines(out)).toEqual([{ name: "a", labels: { __name__: "a" }, value: 3, timestamp: null }]);
  });

  it("refuses an unknown --format", async () => {
    const p = file("cli2.prom", "a 1\n");
    await expect(program().parseAsync(["node", "headroom", "exposition", "parse", p, "--format", "xml"])).rejects.toBeInstanceOf(CommanderError);
  });
});
