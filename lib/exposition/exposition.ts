import type { Labels } from "@/lib/model";
import { unescapeLabelValue } from "./escape";
import { codesOf } from "./codes";
import { formatPromFloat, parseGoFloat } from "./float";
import type { ParsedBody } from "./parser";
import type { LabelPool, SampleStore } from "./store";
import type { Exemplar, ExpositionFormat, MetricFamily, Sample } from "./types";

/**
 * A parsed exposition: samples in input order, read by index (0 <= i < length). Strings are cut
 * from the body only when asked for, so reading just values and series keys stays cheap.
 */
export class Exposition {
  /** The format the body was parsed as. */
  readonly format: ExpositionFormat;
  private familyList: readonly MetricFamily[] | null = null;
  private readonly tracker: ParsedBody["families"];
  /** The number of samples. */
  readonly length: number;
  private readonly body: string;
  private readonly store: SampleStore;
  private readonly names: readonly string[];
  private readonly nameFamily: readonly number[];
  // Per name id: whether its le (histograms) or quantile (summaries) value gets normalized.
  private readonly floatLabel: readonly (string | null)[];
  private readonly normalizedCache = new Map<string, string>();

  /** Built by parseExposition; not meant to be called directly. */
  constructor(body: string, format: ExpositionFormat, parsed: ParsedBody, normalizeFloatLabels: boolean) {
    this.body = body;
    this.format = format;
    this.store = parsed.store;
    this.length = parsed.store.length;
    this.tracker = parsed.families;
    this.names = parsed.families.names;
    this.nameFamily = parsed.families.nameFamily;
    this.floatLabel = this.nameFamily.map((f) => {
      if (!normalizeFloatLabels) return null;
      const type = parsed.families.families[f].meta.type;
      return type === "histogram" || type === "gaugehistogram" ? "le" : type === "summary" ? "quantile" : null;
    });
  }

  /** Metric families in order of first appearance, with their HELP/TYPE/UNIT metadata. */
  get families(): readonly MetricFamily[] {
    return (this.familyList ??= this.tracker.metadata());
  }

  /** The sample's own name, e.g. "rpc_seconds_bucket". */
  name(i: number): string {
    return this.names[this.store.nameId(i)];
  }

  /** The sample's family (its metadata), e.g. the histogram "rpc_seconds" for a _bucket sample. */
  family(i: number): MetricFamily {
    return this.families[this.nameFamily[this.store.nameId(i)]];
  }

  /** The sample's value; NaN is always the ordinary NaN, never Prometheus's staleness marker. */
  value(i: number): number {
    return this.store.floats[i * 2];
  }

  /** The sample's timestamp in milliseconds, or null when the exposition gave none. */
  timestamp(i: number): number | null {
    const t = this.store.floats[i * 2 + 1];
    return t === t ? t : null;
  }

  /** The number of labels the sample was written with, the metric name not counted. */
  labelCount(i: number): number {
    return this.store.labelEnd(i) - this.store.labelStart(i);
  }

  /** The name of the sample's j-th label, unescaped. */
  labelName(i: number, j: number): string {
    return labelText(this.body, this.store.labels, this.store.labelStart(i) + j, 0);
  }

  /** The value of the sample's j-th label, unescaped (and le/quantile normalized if enabled). */
  labelValue(i: number, j: number): string {
    const k = this.store.labelStart(i) + j;
    const value = labelText(this.body, this.store.labels, k, 2);
    const special = this.floatLabel[this.store.nameId(i)];
    if (special === null || labelText(this.body, this.store.labels, k, 0) !== special) return value;
    return this.normalized(value);
  }

  /**
   * The sample's labels as a Labels object, metric name under `__name__`. Labels with an empty
   * value are left out: in Prometheus an empty label is the same as no label.
   */
  labels(i: number): Labels {
    const st = this.store;
    const d = st.labels.data;
    const body = this.body;
    // The literal key is METRIC_NAME; spelled out so the object gets a fast, fixed shape.
    const out: Record<string, string> = { __name__: this.name(i) };
    const special = this.floatLabel[st.nameId(i)];
    const end = st.labelEnd(i) * 4;
    for (let at = st.labelStart(i) * 4; at < end; at += 4) {
      let value = unescapeLabelValue(body.slice(d[at + 2], d[at + 3]));
      if (value === "") continue;
      const name = unescapeLabelValue(body.slice(d[at], d[at + 1]));
      if (name === special) value = this.normalized(value);
      setLabel(out, name, value);
    }
    return out;
  }

  /** Prometheus's float spelling of an le/quantile value; bucket bounds repeat, so cached. */
  private normalized(value: string): string {
    let out = this.normalizedCache.get(value);
    if (out === undefined) {
      const f = parseGoFloat(codesOf(value), value, 0, value.length);
      out = f === undefined ? value : formatPromFloat(f);
      this.normalizedCache.set(value, out);
    }
    return out;
  }

  /**
   * The sample's series exactly as written (name and label set): a cheap cache key, since a
   * target writes the same series the same way on every scrape.
   */
  series(i: number): string {
    return this.body.slice(this.store.ints[i * 4 + 2], this.store.ints[i * 4 + 3]);
  }

  /** True when at least one sample carries an exemplar. */
  get hasExemplars(): boolean {
    return this.store.exemplarSamples.length > 0;
  }

  /** The sample's exemplar (OpenMetrics only), or null. */
  exemplar(i: number): Exemplar | null {
    const st = this.store;
    const samples = st.exemplarSamples;
    let lo = 0;
    let hi = samples.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (samples[mid] < i) lo = mid + 1;
      else if (samples[mid] > i) hi = mid - 1;
      else {
        const end = mid + 1 < samples.length ? st.exemplarLabelStarts[mid + 1] : st.exemplarLabels.length;
        const labels: Record<string, string> = {};
        for (let k = st.exemplarLabelStarts[mid]; k < end; k++) {
          setLabel(labels, labelText(this.body, st.exemplarLabels, k, 0), labelText(this.body, st.exemplarLabels, k, 2));
        }
        const ts = st.exemplarTimestamps[mid];
        return { labels, value: st.exemplarValues[mid], timestamp: ts === ts ? ts : null };
      }
    }
    return null;
  }

  /** The i-th sample as a plain object (allocates; prefer the accessors in hot loops). */
  sample(i: number): Sample {
    return {
      name: this.name(i),
      labels: this.labels(i),
      value: this.value(i),
      timestamp: this.timestamp(i),
      family: this.family(i),
      exemplar: this.exemplar(i),
    };
  }

  /** Every sample as a plain object, in input order. */
  toArray(): Sample[] {
    const out: Sample[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.sample(i);
    return out;
  }
}

/** The unescaped name (part 0) or value (part 2) of label k in a pool. */
function labelText(body: string, pool: LabelPool, k: number, part: 0 | 2): string {
  const at = k * 4 + part;
  return unescapeLabelValue(body.slice(pool.data[at], pool.data[at + 1]));
}

// A label literally named "__proto__" must become an own property, not the object's prototype.
function setLabel(out: Record<string, string>, name: string, value: string): void {
  if (name === "__proto__") Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  else out[name] = value;
}
