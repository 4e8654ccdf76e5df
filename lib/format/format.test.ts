import { describe, expect, it } from "vitest";
import { formatBytes, formatDurationMs, formatPercent, formatTime } from "./index";

describe("format", () => {
  it.each([
    [0.25, "250 µs"],
    [12.345, "12.3 ms"],
    [1500, "1.5 s"],
    [90_000, "1.5 min"],
    [5_400_000, "1.5 h"],
    [null, "—"],
    [Number.NaN, "—"],
  ])("formatDurationMs(%s) = %s", (ms, want) => {
    expect(formatDurationMs(ms)).toBe(want);
  });

  it.each([
    [512, "512 B"],
    [1536, "1.5 KiB"],
    [3 * 1024 ** 3, "3 GiB"],
  ])("formatBytes(%s) = %s", (b, want) => {
    expect(formatBytes(b)).toBe(want);
  });

  it.each([
    [0.053, "5.3%"],
    [1, "100%"],
    [0.00012345, "0.0123%"],
    [Infinity, "—"],
  ])("formatPercent(%s) = %s", (r, want) => {
    expect(formatPercent(r)).toBe(want);
  });

  it("formats times in UTC and shows missing ones as a dash", () => {
    expect(formatTime(Date.UTC(2026, 10, 28, 14, 3, 7))).toBe("2026-11-28 14:03:07");
    expect(formatTime(null)).toBe("—");
  });
});
