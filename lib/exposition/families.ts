import { ExpositionError } from "./errors";
import { unescapeHelp } from "./escape";
import type { MetricFamily, MetricType } from "./types";

/** A family under construction; `meta` is handed out as the read-only MetricFamily. */
export interface FamilyState {
  meta: { name: string; type: MetricType; help: string; unit: string };
  index: number;
  /** Sample-name suffixes that belong to this family, most frequent first. */
  suffixes: readonly string[];
  /** The same suffixes as bytes, for the scanner's fast path. */
  suffixCodes: readonly Uint8Array[];
  /** The sample-name id for each suffix, -1 until a sample uses it. */
  nameIds: number[];
  hasSamples: boolean;
  /**
   * Where the name is spelled out in the body when it needs no quotes (else -1): the scanner
   * compares a sample line against those bytes instead of building the sample's name.
   */
  nameAt: number;
  hasHelp: boolean;
  /** Where the raw HELP text lies in the body; unescaped only when metadata() is asked for. */
  helpStart: number;
  helpEnd: number;
  hasType: boolean;
  hasUnit: boolean;
}

const OM_SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: ["_total", "_created"],
  gauge: [""],
  histogram: ["_bucket", "_count", "_sum", "_created"],
  gaugehistogram: ["_bucket", "_gcount", "_gsum"],
  summary: ["", "_count", "_sum", "_created"],
  info: ["_info"],
  stateset: [""],
  unknown: [""],
};
// In the text format a sample named exactly like its family always belongs to it, whatever the
// type, because exporters disagree on whether a counter's family name carries _total.
const TEXT_SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: ["", "_total", "_created"],
  gauge: [""],
  histogram: ["_bucket", "_count", "_sum", "_created", ""],
  gaugehistogram: [""],
  summary: ["", "_count", "_sum", "_created"],
  info: [""],
  stateset: [""],
  unknown: [""],
};
const EMPTY = new Uint8Array(0);
// Per type: its suffixes as strings and bytes, and a template for nameIds. A Map, because a
// Record indexed by a varying key is a slow megamorphic load in V8.
interface Shape {
  suffixes: readonly string[];
  codes: readonly Uint8Array[];
  ids: readonly number[];
}
const OM_SHAPES = shapes(OM_SUFFIXES);
const TEXT_SHAPES = shapes(TEXT_SUFFIXES);
const KNOWN_SUFFIXES = ["_bucket", "_count", "_sum", "_total", "_created", "_info", "_gcount", "_gsum"];

/**
 * Assigns samples to families and keeps the metadata rules: one HELP/TYPE/UNIT per family, TYPE
 * before samples, and in OpenMetrics contiguous families with no clashing names.
 */
export class FamilyTracker {
  readonly families: FamilyState[] = [];
  /** Sample names by id, and the family index of each. */
  readonly names: string[] = [];
  readonly nameFamily: number[] = [];
  current: FamilyState | null = null;
  private readonly byName = new Map<string, FamilyState>();
  /** OpenMetrics: every name a closed family owns (name and name+suffix) -> that family's name. */
  private readonly closedNames = new Map<string, string>();

  constructor(
    private readonly om: boolean,
    private readonly body: string,
  ) {}

  /** The read-only metadata list, in order of first appearance (HELP texts unescaped now). */
  metadata(): MetricFamily[] {
    return this.families.map((f) => {
      if (f.helpStart >= 0) f.meta.help = unescapeHelp(this.body.slice(f.helpStart, f.helpEnd), this.om);
      return f.meta;
    });
  }

  /** The sample-name id for a name already known to be current's name plus suffix k. */
  idFor(fam: FamilyState, k: number): number {
    const id = fam.nameIds[k];
    if (id >= 0) return id;
    return this.newName(fam, k);
  }

  private newName(fam: FamilyState, k: number): number {
    const id = this.names.length;
    const name = fam.meta.name + fam.suffixes[k];
    this.names.push(name);
    this.nameFamily.push(fam.index);
    fam.nameIds[k] = id;
    return id;
  }

  /** Finds or makes the family of a sample whose name did not match the current family. */
  matchSlow(name: string, nameAt: number, line: number): number {
    const cur = this.current;
    if (cur !== null) {
      for (let k = 0; k < cur.suffixes.length; k++) {
        if (name === cur.meta.name + cur.suffixes[k]) {
          cur.hasSamples = true;
          return this.idFor(cur, k);
        }
      }
    }
    if (this.om) {
      if (cur !== null && name === cur.meta.name) {
        const allowed = cur.suffixes.map((x) => `'${name}${x}'`);
        const list = allowed.length > 1 ? allowed.slice(0, -1).join(", ") + " or " + allowed[allowed.length - 1] : allowed[0];
        throw new ExpositionError(line, `${cur.meta.type} sample '${name}' must be named ${list}`);
      }
      const fam = this.open(name, nameAt, line);
      fam.hasSamples = true;
      return this.idFor(fam, 0);
    }
    let fam = this.byName.get(name);
    let k = fam ? fam.suffixes.indexOf("") : -1;
    for (let s = 0; k < 0 && s < KNOWN_SUFFIXES.length; s++) {
      const suffix = KNOWN_SUFFIXES[s];
      if (!name.endsWith(suffix)) continue;
      fam = this.byName.get(name.slice(0, -suffix.length));
      k = fam ? fam.suffixes.indexOf(suffix) : -1;
    }
    if (!fam || k < 0) {
      fam = this.create(name, nameAt);
      k = 0;
    }
    fam.hasSamples = true;
    this.current = fam;
    return this.idFor(fam, k);
  }

  /** Applies a TYPE or UNIT line (text), or a HELP line (its raw text at [helpStart, helpEnd)). */
  metadataLine(kind: "HELP" | "TYPE" | "UNIT", name: string, nameAt: number, text: string, line: number, helpStart = -1, helpEnd = -1): void {
    let fam = this.current !== null && this.current.meta.name === name ? this.current : null;
    if (this.om) {
      if (fam === null) fam = this.open(name, nameAt, line);
      else if (fam.hasSamples) {
        throw new ExpositionError(line, `${kind} for family '${name}' must come before its samples`);
      }
    } else {
      fam ??= this.byName.get(name) ?? this.create(name, nameAt);
      this.current = fam;
    }
    if (kind === "HELP") {
      if (fam.hasHelp) throw new ExpositionError(line, `duplicate HELP line for family '${name}'`);
      fam.hasHelp = true;
      fam.helpStart = helpStart;
      fam.helpEnd = helpEnd;
    } else if (kind === "UNIT") {
      if (fam.hasUnit) throw new ExpositionError(line, `duplicate UNIT line for family '${name}'`);
      if (text !== "" && !name.endsWith("_" + text)) {
        throw new ExpositionError(line, `unit '${text}' is not a suffix of the family name '${name}'`);
      }
      fam.hasUnit = true;
      fam.meta.unit = text;
    } else {
      if (fam.hasType) throw new ExpositionError(line, `duplicate TYPE line for family '${name}'`);
      if (fam.hasSamples) {
        throw new ExpositionError(line, `TYPE line for family '${name}' must come before its samples`);
      }
      this.setType(fam, parseType(text, this.om, line), line);
    }
  }

  private setType(fam: FamilyState, type: MetricType, line: number): void {
    fam.hasType = true;
    fam.meta.type = type;
    const shape = (this.om ? OM_SHAPES : TEXT_SHAPES).get(type) as Shape;
    fam.suffixes = shape.suffixes;
    fam.suffixCodes = shape.codes;
    fam.nameIds = shape.ids.slice();
    if (!this.om) return;
    for (const suffix of fam.suffixes) {
      const owner = this.closedNames.get(fam.meta.name + suffix);
      if (owner !== undefined) {
        throw new ExpositionError(line, `${type} family '${fam.meta.name}' clashes with the earlier family '${owner}' over the name '${fam.meta.name + suffix}'`);
      }
    }
  }

  /** OpenMetrics: closes the current family and starts a new one, refusing a name seen before. */
  private open(name: string, nameAt: number, line: number): FamilyState {
    const cur = this.current;
    if (cur !== null) {
      this.closedNames.set(cur.meta.name, cur.meta.name);
      for (const suffix of cur.suffixes) this.closedNames.set(cur.meta.name + suffix, cur.meta.name);
    }
    const owner = this.closedNames.get(name);
    if (owner === name) {
      throw new ExpositionError(line, `family '${name}' appears again after other families; in OpenMetrics a family's metadata and samples must be contiguous`);
    }
    if (owner !== undefined) {
      throw new ExpositionError(line, `name '${name}' belongs to the earlier family '${owner}'; in OpenMetrics a family's samples must be contiguous and names must not clash`);
    }
    const fam = this.create(name, nameAt);
    this.current = fam;
    return fam;
  }

  private create(name: string, nameAt: number): FamilyState {
    const fam: FamilyState = {
      meta: { name, type: "unknown", help: "", unit: "" },
      index: this.families.length,
      suffixes: [""],
      suffixCodes: [EMPTY],
      nameIds: [-1],
      hasSamples: false,
      nameAt,
      hasHelp: false,
      helpStart: -1,
      helpEnd: -1,
      hasType: false,
      hasUnit: false,
    };
    this.families.push(fam);
    // Callers have looked the name up already: set, don't check.
    if (!this.om) this.byName.set(name, fam);
    return fam;
  }
}

const TEXT_TYPE_NAMES = ["counter", "gauge", "histogram", "summary", "untyped"];
const OM_TYPE_NAMES = ["counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown"];

function parseType(text: string, om: boolean, line: number): MetricType {
  let type: MetricType | undefined;
  // A switch on constant strings is cheaper than hashing the text for a Map lookup.
  switch (text) {
    case "counter":
    case "gauge":
    case "histogram":
    case "summary":
      type = text;
      break;
    case "untyped":
      type = om ? undefined : "unknown";
      break;
    case "gaugehistogram":
    case "info":
    case "stateset":
    case "unknown":
      type = om ? text : undefined;
      break;
  }
  if (type === undefined) {
    const names = om ? OM_TYPE_NAMES : TEXT_TYPE_NAMES;
    throw new ExpositionError(line, `unknown metric type '${text}' (expected ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]})`);
  }
  return type;
}

function shapes(table: Record<MetricType, readonly string[]>): Map<MetricType, Shape> {
  const out = new Map<MetricType, Shape>();
  for (const type of Object.keys(table) as MetricType[]) {
    const suffixes = table[type];
    out.set(type, {
      suffixes,
      codes: suffixes.map((x) => Uint8Array.from(x, (ch) => ch.charCodeAt(0))),
      ids: suffixes.map(() => -1),
    });
  }
  return out;
}
