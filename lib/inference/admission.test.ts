import { describe, expect, it } from "vitest";
import { Admission, QueueFullError } from "./admission";

describe("Admission", () => {
  it("lets `parallel` in at once, queues up to `queue`, refuses the rest", async () => {
    const a = new Admission(2, 1);
    const r1 = await a.enter();
    await a.enter();
    const waiting = a.enter();
    expect([a.running, a.waiting]).toEqual([2, 1]);
    expect(() => a.enter()).toThrow(QueueFullError);
    r1();
    await waiting;
    expect([a.running, a.waiting]).toEqual([2, 0]);
  });

  it("serves the line first come, first served", async () => {
    const a = new Admission(1, 3);
    const first = await a.enter();
    const order: number[] = [];
    const ps = [1, 2, 3].map((i) => a.enter().then((release) => (order.push(i), release)));
    first();
    for (const p of ps) (await p)();
    expect(order).toEqual([1, 2, 3]);
    expect([a.running, a.waiting]).toEqual([0, 0]);
  });

  it("ignores a second release of the same slot", async () => {
    const a = new Admission(1, 0);
    const r = await a.enter();
    r();
    r();
    expect(a.running).toBe(0);
    await a.enter();
    expect(a.running).toBe(1);
  });

  it("drops a waiter whose signal aborts", async () => {
    const a = new Admission(1, 2);
    const r = await a.enter();
    const ac = new AbortController();
    const gone = a.enter(ac.signal);
    const next = a.enter();
    ac.abort(new Error("client left"));
    await expect(gone).rejects.toThrow("client left");
    expect(a.waiting).toBe(1);
    r();
    await next;
    expect(a.running).toBe(1);
  });

  it("with no queue refuses as soon as all slots are busy", async () => {
    const a = new Admission(1, 0);
    await a.enter();
    expect(() => a.enter()).toThrow(/1 requests running and 0 waiting/);
  });
});
