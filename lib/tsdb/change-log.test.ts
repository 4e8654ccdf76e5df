import { describe, expect, it } from "vitest";
import { ChangeLog } from "./change-log";

describe("ChangeLog", () => {
  it.each([
    { name: "nothing written since", writes: [], maxT: 100, changed: false },
    { name: "only newer samples written", writes: [101, 500], maxT: 100, changed: false },
    { name: "a sample at the end", writes: [500, 100], maxT: 100, changed: true },
    { name: "a late sample before it", writes: [3], maxT: 100, changed: true },
  ])("tells whether data up to maxT changed: $name", ({ writes, maxT, changed }) => {
    const log = new ChangeLog();
    log.append(1);
    const v = log.version;
    for (const t of writes) log.append(t);
    expect(log.changedSince(v, maxT)).toBe(changed);
  });

  it("treats everything before a reset, or before what it still remembers, as changed", () => {
    const log = new ChangeLog();
    const v0 = log.version;
    log.reset();
    expect(log.changedSince(v0, -Infinity)).toBe(true);
    const v1 = log.version;
    expect(log.changedSince(v1, Infinity)).toBe(false);
    for (let i = 0; i < 20_000; i++) log.append(1e9);
    expect(log.changedSince(v1, 0)).toBe(true); // trimmed away: unknown, so changed
    const v2 = log.version;
    log.append(1e9);
    expect(log.changedSince(v2, 0)).toBe(false);
  });
});
