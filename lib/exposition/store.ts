/**
 * Columnar, growable storage for parsed samples: typed arrays of offsets into the body instead of
 * one object per sample, so parsing a large scrape leaves almost nothing for the GC.
 */
import { NON_ASCII } from "./codes";

/** Label name/value positions, four int32 per label: nameStart, nameEnd, valueStart, valueEnd. */
export class LabelPool {
  data: Int32Array;
  /** Number of labels held. */
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity) * 4);
  }

  /** Appends one label's offsets, doubling the array when full. */
  push(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    let at = this.length * 4;
    if (at + 4 > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    d[at++] = nameStart;
    d[at++] = nameEnd;
    d[at++] = valueStart;
    d[at] = valueEnd;
    this.length++;
  }

  /**
   * True if labels [from, length) already hold the name at [start,end) of the body s (b holds its
   * codes). Raw text can be compared because each name has exactly one escaped spelling; bytes
   * stand in for it except where non-ASCII characters all became NON_ASCII.
   */
  hasName(s: string, b: Uint8Array, from: number, start: number, end: number): boolean {
    const d = this.data;
    const len = end - start;
    for (let i = from * 4; i < this.length * 4; i += 4) {
      const a = d[i];
      if (d[i + 1] - a !== len) continue;
      let k = 0;
      let ascii = true;
      for (; k < len; k++) {
        const c = b[a + k];
        if (c !== b[start + k]) break;
        if (c === NON_ASCII) ascii = false;
      }
      if (k === len && (ascii || s.slice(a, a + len) === s.slice(start, end))) return true;
    }
    return false;
  }
}

/**
 * Per-sample columns, interleaved so a parse allocates two arrays rather than six (each typed
 * array costs an off-heap allocation): ints holds nameId, labelStart, seriesStart, seriesEnd;
 * floats holds value and timestamp (NaN for none). Exemplars are stored sparsely, in sample order.
 */
export class SampleStore {
  length = 0;
  ints: Int32Array;
  floats: Float64Array;
  readonly labels: LabelPool;
  /** Total labels once finish() ran: the end of the last sample's labels. */
  labelTotal = 0;

  readonly exemplarSamples: number[] = [];
  readonly exemplarLabelStarts: number[] = [];
  readonly exemplarValues: number[] = [];
  readonly exemplarTimestamps: number[] = [];
  private exLabels: LabelPool | null = null;

  constructor(capacity: number) {
    const n = Math.max(64, capacity);
    this.ints = new Int32Array(n * 4);
    this.floats = new Float64Array(n * 2);
    this.labels = new LabelPool(n);
  }

  /** The exemplars' labels, allocated on the first exemplar. */
  get exemplarLabels(): LabelPool {
    return (this.exLabels ??= new LabelPool(16));
  }

  /** Appends one sample (timestamp NaN for none), doubling the columns when full. */
  push(nameId: number, value: number, timestamp: number, labelStart: number, seriesStart: number, seriesEnd: number): void {
    const i = this.length;
    let at = i * 4;
    if (at + 4 > this.ints.length) this.grow();
    const ints = this.ints;
    ints[at++] = nameId;
    ints[at++] = labelStart;
    ints[at++] = seriesStart;
    ints[at] = seriesEnd;
    this.floats[i * 2] = value;
    this.floats[i * 2 + 1] = timestamp;
    this.length = i + 1;
  }

  /** Sample i's name id (an index into the family tracker's names). */
  nameId(i: number): number {
    return this.ints[i * 4];
  }

  /** Where sample i's labels start in `labels`. */
  labelStart(i: number): number {
    return this.ints[i * 4 + 1];
  }

  /** Where sample i's labels end in `labels`: the next sample's start, or the total. */
  labelEnd(i: number): number {
    return i + 1 < this.length ? this.ints[i * 4 + 5] : this.labelTotal;
  }

  /** Records the exemplar of the sample about to be pushed (labels already in exemplarLabels). */
  pushExemplar(labelStart: number, value: number, timestamp: number): void {
    this.exemplarSamples.push(this.length);
    this.exemplarLabelStarts.push(labelStart);
    this.exemplarValues.push(value);
    this.exemplarTimestamps.push(timestamp);
  }

  /** Seals the columns once the last sample is in. */
  finish(): void {
    this.labelTotal = this.labels.length;
  }

  private grow(): void {
    const ints = new Int32Array(this.ints.length * 2);
    ints.set(this.ints);
    this.ints = ints;
    const floats = new Float64Array(this.floats.length * 2);
    floats.set(this.floats);
    this.floats = floats;
  }
}
