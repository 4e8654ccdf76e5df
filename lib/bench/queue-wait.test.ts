import { describe, expect, it } from "vitest";
import { notifyBenchQueued, waitForQueuedRun } from "./queue";

describe("waitForQueuedRun", () => {
  it("wakes every waiter at once when a run is queued in this process", async () => {
    const t0 = performance.now();
    const both = Promise.all([waitForQueuedRun(60_000), waitForQueuedRun(60_000)]);
    setTimeout(notifyBenchQueued, 20);
    await both;
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it("otherwise resolves after its time or when aborted, and forgets the waiter", async () => {
    let woke = false;
    const t0 = performance.now();
    await waitForQueuedRun(50).then(() => (woke = true));
    expect(woke).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    const stop = new AbortController();
    const aborted = waitForQueuedRun(60_000, stop.signal);
    stop.abort();
    await aborted;
    // A later notification finds no stale waiter to call (nothing throws, nothing pending).
    notifyBenchQueued();
    await expect(waitForQueuedRun(10, stop.signal)).resolves.toBeUndefined();
  });
});
