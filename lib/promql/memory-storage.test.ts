import { describe, expect, it } from "vitest";
import type { Matcher } from "@/lib/model";
import { MemoryStorage } from "./memory-storage";

function store(): MemoryStorage {
  const s = new MemoryStorage();
  s.append({ __name__: "a", job: "x" }, 2000, 2);
  s.append({ __name__: "a", job: "x" }, 1000, 1);
  s.append({ __name__: "a", job: "x" }, 2000, 20); // a later write to the same time wins
  s.appendStale({ __name__: "a", job: "x" }, 3000);
  s.append({ __name__: "a", job: "y" }, 1000, 5);
  s.append({ __name__: "b" }, 1000, 7);
  return s;
}

describe("MemoryStorage", () => {
  it.each<[Matcher[], string[]]>([
    [[{ type: "=", name: "__name__", value: "a" }], ["x", "y"]],
    [[{ type: "=~", name: "job", value: "X|y" }], ["y"]],
    [[{ type: "=~", name: "job", value: "(?i)X" }], ["x"]],
    [[{ type: "!=", name: "job", value: "x" }, { type: "=~", name: "__name__", value: ".+" }], ["y", ""]],
    [[{ type: "=", name: "job", value: "" }], [""]],
    [[{ type: "!~", name: "job", value: ".*" }], []],
  ])("selects %j", async (matchers, jobs) => {
    const got = await store().select(matchers, 0, 10_000);
    expect(got.map((s) => s.labels.job ?? "")).toEqual(jobs);
  });

  it("returns samples in time order within the inclusive range, stale markers flagged", async () => {
    const [x] = await store().select([{ type: "=", name: "job", value: "x" }], 1000, 3000);
    expect(Array.from(x.timestamps)).toEqual([1000, 2000, 3000]);
    expect(Array.from(x.values.slice(0, 2))).toEqual([1, 20]);
    expect(Array.from(x.stale!)).toEqual([0, 0, 1]);
    const none = await store().select([{ type: "=", name: "job", value: "x" }], 4000, 5000);
    expect(none).toEqual([]);
  });

  it("clears", async () => {
    const s = store();
    s.clear();
    expect(s.size).toBe(0);
  });
});
