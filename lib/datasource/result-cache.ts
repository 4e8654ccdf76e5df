/**
 * Query results shared between identical requests: fifty dashboards refreshing the same panels
 * over a step-aligned range ask the same question, and it is answered once. A result is reused
 * only while the store reports no write at or before the query's end time since it was computed
 * (Tsdb.changedSince), so a reused answer is the one a fresh evaluation would give. Identical
 * requests that arrive while one is being computed wait for it instead of computing it again.
 */

/** What the cache needs from the store. */
export interface Versioned {
  dataVersion(): number | null;
  changedSince(version: number, maxT: number): boolean;
}

interface Entry<T> {
  version: number;
  maxT: number;
  value: Promise<T>;
  points: number;
  done: boolean;
}

/** Sizes: entries and total result points kept (default 512 and 2 million). */
export interface ResultCacheOptions {
  maxEntries?: number;
  maxPoints?: number;
}

/** A bounded, least-recently-used map of query results, kept exact by the store's versions. */
export class ResultCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private points = 0;
  private readonly maxEntries: number;
  private readonly maxPoints: number;
  /** Requests answered from the cache (or joined to one in flight), and those computed. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly store: Versioned,
    private readonly measure: (value: T) => number,
    opts: ResultCacheOptions = {},
  ) {
    this.maxEntries = opts.maxEntries ?? 512;
    this.maxPoints = opts.maxPoints ?? 2_000_000;
  }

  /** Returns the cached result for `key` (about data up to `maxT`), or computes and keeps it. */
  get(key: string, maxT: number, compute: () => Promise<T>): Promise<T> {
    const version = this.store.dataVersion();
    if (version === null) return compute(); // the store cannot tell what changed: never reuse
    const hit = this.entries.get(key);
    if (hit && !this.store.changedSince(hit.version, hit.maxT)) {
      this.entries.delete(key); // re-insert: most recently used last
      this.entries.set(key, hit);
      this.stats.hits++;
      return hit.value;
    }
    if (hit) this.remove(key, hit);
    this.stats.misses++;
    const entry: Entry<T> = { version, maxT, value: compute(), points: 0, done: false };
    this.entries.set(key, entry);
    entry.value.then(
      (v) => {
        if (this.entries.get(key) !== entry) return;
        entry.done = true;
        entry.points = this.measure(v);
        this.points += entry.points;
        this.evict();
      },
      () => {
        // Errors (timeouts, bad queries) are not kept: the next request tries again.
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  private remove(key: string, e: Entry<T>): void {
    this.entries.delete(key);
    this.points -= e.points;
  }

  private evict(): void {
    for (const [key, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.points <= this.maxPoints) break;
      if (e.done) this.remove(key, e);
    }
  }
}
