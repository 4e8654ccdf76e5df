/**
 * Group commit: items queued close together are written by one call of `write`, so each pays a
 * share of a statement instead of a whole one. A caller's promise settles once the call that
 * carried its item has, and calls run one after another in queue order.
 */

interface Waiting<T> {
  item: T;
  done: () => void;
  fail: (err: unknown) => void;
}

/** Queues items and writes them together, each at most `lingerMs` (or its own limit) later. */
export class GroupWriter<T> {
  private queue: Waiting<T>[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the pending timer fires (ms since epoch); a caller in a hurry brings it forward. */
  private dueAt = Infinity;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly lingerMs: number,
    /** A queue this long is written at once. */
    private readonly maxItems = Infinity,
  ) {}

  /** Queues `item`, waiting at most `maxDelayMs` for company; resolves once it is written. */
  add(item: T, maxDelayMs = Infinity): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.queue.push({ item, done, fail });
      const wait = this.queue.length >= this.maxItems ? 0 : Math.max(0, Math.min(this.lingerMs, maxDelayMs));
      this.schedule(Date.now() + wait);
    });
  }

  /** Writes whatever waits now and resolves once everything queued so far is written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.fire();
    return this.writing;
  }

  private schedule(at: number): void {
    if (at >= this.dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - Date.now()));
  }

  private fire(): void {
    this.timer = null;
    this.dueAt = Infinity;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.writing = this.writing.then(async () => {
      try {
        await this.write(batch.map((w) => w.item));
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.fail(err);
      }
    });
  }
}
