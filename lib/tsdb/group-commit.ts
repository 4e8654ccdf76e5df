/**
 * Group commit for steady appends. Each statement costs a fixed ~0.5 ms of CPU on PGlite (parse,
 * plan, commit, WAL write) on top of its rows, so head rows that arrive close together share one
 * multi-row INSERT. A caller's promise resolves only once its row is committed, so "committed"
 * still means durable; the statement is atomic, so each append is still all or nothing.
 */
import type { Db } from "@/db/client";
import { insertHeadBatches } from "./append";
import type { HeadRows } from "./head-batch";

interface Waiting {
  rows: HeadRows;
  done: () => void;
  fail: (err: unknown) => void;
}

/** Most rows one statement carries; a full queue is written at once. */
const MAX_ROWS = 64;

/** Queues head rows and writes them together, at most `lingerMs` (or the caller's limit) later. */
export class GroupCommit {
  private queue: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the pending timer fires (ms since epoch); a caller in a hurry brings it forward. */
  private dueAt = Infinity;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly lingerMs: number,
  ) {}

  /** Writes `rows` as part of a shared statement, waiting at most `maxDelayMs` for company. */
  write(rows: HeadRows, maxDelayMs = Infinity): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.queue.push({ rows, done, fail });
      const wait = this.queue.length >= MAX_ROWS ? 0 : Math.max(0, Math.min(this.lingerMs, maxDelayMs));
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
    // Statements go one after another, so rows commit in the order they were queued.
    this.writing = this.writing.then(async () => {
      try {
        await insertHeadBatches(
          this.db,
          batch.map((w) => w.rows),
        );
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.fail(err);
      }
    });
  }
}
