import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

describe("durations", () => {
  it.each([
    ["0", 0],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["10s53ms", 10_053],
    ["2w", 1_209_600_000],
    ["1y", 31_536_000_000],
  ])("parses %s", (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it.each(["", "5", "m", "1m1h", "1.5h", "-5m"])("rejects %j", (s) => {
    expect(parseDuration(s)).toBeUndefined();
  });

  it("formats largest units first", () => {
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(formatDuration(0)).toBe("0s");
  });
});
