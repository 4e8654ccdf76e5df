import { describe, expect, it } from "vitest";
import { sleep } from "./index";

describe("sleep", () => {
  it("waits about as long as asked", async () => {
    const t0 = performance.now();
    await sleep(30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });
  it("ends at once on abort, and does not wait when already aborted", async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    const p = sleep(10_000, ac.signal);
    setTimeout(() => ac.abort(), 10);
    await p;
    await sleep(10_000, ac.signal);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});
