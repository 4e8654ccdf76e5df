/**
 * A map from series id to a value, for tables touched by every sample of every scrape (the head
 * cache). Series ids come from a sequence, so they are small and nearly dense: below `denseMax`
 * they index a plain array, which a scrape's samples (sorted by id) walk in memory order, where a
 * Map would hash each id to a random place. Larger ids, which a very long-lived store may reach,
 * go to a Map.
 */
export class SeriesTable<T> {
  private readonly dense: (T | undefined)[] = [];
  private readonly sparse = new Map<number, T>();
  private count = 0;

  constructor(private readonly denseMax = 1 << 22) {}

  get size(): number {
    return this.count + this.sparse.size;
  }

  /** Whether `id` lives in the array rather than the Map. */
  private isDense(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.denseMax;
  }

  get(id: number): T | undefined {
    return this.isDense(id) ? this.dense[id] : this.sparse.get(id);
  }

  set(id: number, value: T): void {
    if (!this.isDense(id)) {
      this.sparse.set(id, value);
      return;
    }
    // Grow one slot at a time so the array stays packed rather than turning into a dictionary.
    while (this.dense.length < id) this.dense.push(undefined);
    if (this.dense[id] === undefined) this.count++;
    this.dense[id] = value;
  }

  delete(id: number): void {
    if (this.isDense(id)) {
      if (this.dense[id] !== undefined) {
        this.dense[id] = undefined;
        this.count--;
      }
    } else this.sparse.delete(id);
  }

  clear(): void {
    this.dense.length = 0;
    this.sparse.clear();
    this.count = 0;
  }

  /** Every (id, value), dense ids in order first. Deleting the current id while iterating is safe. */
  *entries(): IterableIterator<[number, T]> {
    for (let id = 0; id < this.dense.length; id++) {
      const v = this.dense[id];
      if (v !== undefined) yield [id, v];
    }
    yield* this.sparse.entries();
  }
}
