import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrace, readTrace, TraceError } from "./trace";

const AZURE = path.resolve(import.meta.dirname, "../../../shared/data/azure-llm-2023/AzureLLMInferenceTrace_conv.csv");

describe("parseTrace", () => {
  it("reads the Azure format, with offsets from the first request", () => {
    const rows = parseTrace(
      "TIMESTAMP,ContextTokens,GeneratedTokens\n" +
        "2023-11-16 18:15:46.6805900,374,44\n" +
        "2023-11-16 18:15:50.9951690,396,109\r\n" +
        "2023-11-16 18:16:00.0000000,1,0\n",
    );
    expect(rows).toEqual([
      { offsetMs: 0, inputTokens: 374, outputTokens: 44, line: 2 },
      { offsetMs: expect.closeTo(4314.579, 3), inputTokens: 396, outputTokens: 109, line: 3 },
      { offsetMs: expect.closeTo(13319.41, 3), inputTokens: 1, outputTokens: 0, line: 4 },
    ]);
  });

  it("takes columns by name, in any order, plain seconds, and sorts by time", () => {
    const rows = parseTrace("generatedtokens,id,timestamp,contexttokens\n5,a,10.5,100\n7,b,10.0,200\n\n");
    expect(rows).toEqual([
      { offsetMs: 0, inputTokens: 200, outputTokens: 7, line: 3 },
      { offsetMs: 500, inputTokens: 100, outputTokens: 5, line: 2 },
    ]);
  });

  it.each([
    ["TIMESTAMP,ContextTokens\n1,2\n", "t.csv: line 1: header must name TIMESTAMP, ContextTokens and GeneratedTokens (missing generatedtokens)"],
    ["TIMESTAMP,ContextTokens,GeneratedTokens\n", "t.csv: no requests (only a header)"],
    ["TIMESTAMP,ContextTokens,GeneratedTokens\n1,2,3\n2,3\n", "t.csv: line 3: expected 3 fields, found 2"],
    ["TIMESTAMP,ContextTokens,GeneratedTokens\n1,2,3\n2,abc,3\n", 't.csv: line 3: ContextTokens "abc": expected a non-negative integer'],
    ["TIMESTAMP,ContextTokens,GeneratedTokens\n1,2,-3\n", 't.csv: line 2: GeneratedTokens "-3": expected a non-negative integer'],
    ["TIMESTAMP,ContextTokens,GeneratedTokens\n1,2.5,3\n", 't.csv: line 2: ContextTokens "2.5": expected a non-negative integer'],
    ["TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,2,3\n", 't.csv: line 2: TIMESTAMP "yesterday": expected YYYY-MM-DD HH:MM:SS[.fraction] or seconds'],
    ["TIMESTAMP,ContextTokens,GeneratedTokens\n2023-13-01 00:00:00,2,3\n", 't.csv: line 2: TIMESTAMP "2023-13-01 00:00:00"'],
    ["TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,2,3\n\n5,2,3\n", 't.csv: line 4: TIMESTAMP "5": mixes seconds and date-times'],
  ])("names the line of a bad row: %j", (text, message) => {
    expect(() => parseTrace(text, "t.csv")).toThrow(TraceError);
    expect(() => parseTrace(text, "t.csv")).toThrow(message);
  });

  it("reads files and names unreadable ones", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-trace-"));
    const file = path.join(dir, "t.csv");
    fs.writeFileSync(file, "\uFEFFTIMESTAMP,ContextTokens,GeneratedTokens\n0,1,2\n");
    expect(await readTrace(file)).toHaveLength(1);
    await expect(readTrace(path.join(dir, "absent.csv"))).rejects.toThrow(`${path.join(dir, "absent.csv")}: no such file`);
    await expect(readTrace(dir)).rejects.toThrow("is a directory");
    fs.rmSync(dir, { recursive: true });
  });

  it.skipIf(!fs.existsSync(AZURE))("reads the real Azure conversation trace (../shared)", async () => {
    const rows = await readTrace(AZURE);
    expect(rows).toHaveLength(19_366);
    expect(rows[0]).toEqual({ offsetMs: 0, inputTokens: 374, outputTokens: 44, line: 2 });
    const last = rows[rows.length - 1].offsetMs;
    expect(last / 3_600_000).toBeGreaterThan(0.9); // one hour of traffic
    expect(last / 3_600_000).toBeLessThan(1.01);
  });
});
