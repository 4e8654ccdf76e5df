import { describe, expect, it } from "vitest";
import { decodeRecords, encodeRecords } from "./records-codec";
import type { RequestRecord } from "./types";

const records: RequestRecord[] = [
  { index: 3, sentAt: 12.5, sentMs: 12.5, scheduledMs: 10, chunkMs: [100.1234567, 110.5, 130], e2eMs: 140.25, promptTokens: 64, outputTokens: 3, tokenSource: "usage", error: null },
  { index: 4, sentAt: 20, sentMs: 20, scheduledMs: null, chunkMs: [], e2eMs: 2, promptTokens: 64, outputTokens: 0, tokenSource: "chunks", error: { cause: "http", status: 429, message: "HTTP 429: busy" } },
  { index: 5, sentAt: 21, sentMs: 21, scheduledMs: null, chunkMs: [], e2eMs: 9000, promptTokens: 64, outputTokens: 0, tokenSource: "chunks", error: { cause: "timeout", message: "no response" } },
];

describe("records codec", () => {
  it("round-trips records to the microsecond", () => {
    const back = decodeRecords(encodeRecords(records));
    expect(back).toHaveLength(3);
    expect(back[0].chunkMs).toEqual([100.123, 110.5, 130]);
    expect(back[0]).toMatchObject({ index: 3, sentMs: 12.5, scheduledMs: 10, e2eMs: 140.25, tokenSource: "usage", error: null });
    expect(back[1].error).toEqual({ cause: "http", status: 429, message: "HTTP 429: busy" });
    expect(back[2].error).toEqual({ cause: "timeout", message: "no response" });
  });

  it("drops chunk times beyond the limit but keeps the rest", () => {
    const back = decodeRecords(encodeRecords(records, 2));
    expect(back[0].chunkMs).toEqual([]);
    expect(back[0].e2eMs).toBe(140.25);
  });

  it("compresses: 10,000 records of 64 chunks take well under 2 bytes per timestamp", () => {
    const many: RequestRecord[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...records[0],
      index: i,
      chunkMs: Array.from({ length: 64 }, (_, k) => 50 + k * 20 + (i % 7) * 0.01),
    }));
    expect(encodeRecords(many).length / (10_000 * 64)).toBeLessThan(2);
  });
});
