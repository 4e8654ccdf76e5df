/**
 * A short memory of recent writes: for each committed append, its oldest timestamp. With it a
 * query result for times up to T can be reused for as long as nothing at or before T was written,
 * which is exact, not a time-to-live. Only meaningful while this process makes every write.
 */

const KEEP = 8_192;

/** Versions of the stored data, and what each write touched. */
export class ChangeLog {
  private seq = 0;
  /** Writes before this version are unknown (a deletion, or the log was trimmed). */
  private known = 0;
  private readonly seqs: number[] = [];
  private readonly minTs: number[] = [];

  /** The version of the data now; results computed from here on are at least this new. */
  get version(): number {
    return this.seq;
  }

  /** Records a committed append whose oldest sample is at `minT`. */
  append(minT: number): void {
    this.seq++;
    this.seqs.push(this.seq);
    this.minTs.push(minT);
    if (this.seqs.length > KEEP * 2) {
      const drop = this.seqs.length - KEEP;
      this.known = this.seqs[drop - 1];
      this.seqs.splice(0, drop);
      this.minTs.splice(0, drop);
    }
  }

  /** Records a change of unknown extent (retention deleted data): every earlier result is void. */
  reset(): void {
    this.seq++;
    this.known = this.seq;
    this.seqs.length = 0;
    this.minTs.length = 0;
  }

  /** The oldest timestamp written since `version`: Infinity when nothing, -Infinity when unknown. */
  earliestSince(version: number): number {
    if (version < this.known) return -Infinity;
    let min = Infinity;
    for (let i = this.seqs.length - 1; i >= 0 && this.seqs[i] > version; i--) if (this.minTs[i] < min) min = this.minTs[i];
    return min;
  }

  /** Whether data at or before `maxT` may differ from what it was at `version`. */
  changedSince(version: number, maxT: number): boolean {
    if (version < this.known) return true;
    for (let i = this.seqs.length - 1; i >= 0 && this.seqs[i] > version; i--) {
      if (this.minTs[i] <= maxT) return true;
    }
    return false;
  }
}
