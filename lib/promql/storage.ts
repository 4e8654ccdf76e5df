/**
 * The storage interface the engine reads from. The engine first works out which selectors it
 * needs over which time ranges, fetches them all, then evaluates synchronously; so a store only
 * has to answer one question, asynchronously.
 */
import { compileAnchoredRegex, compileMatcher, type Matcher, type SeriesSamples } from "@/lib/model";

/** A source of series for the PromQL engine (lib/tsdb and MemoryStorage implement it). */
export interface Queryable {
  /**
   * Returns every series whose labels satisfy all matchers (a missing label reads as ""), with
   * its samples in [minT, maxT] (milliseconds, inclusive) in time order, staleness markers
   * included. Series without samples in the range may be left out. Regular expressions use RE2
   * syntax, anchored at both ends; `compileMatcherRegex` gives a JavaScript equivalent.
   */
  select(matchers: Matcher[], minT: number, maxT: number, hints?: SelectHints): Promise<SeriesSamples[]>;
}

/** Optional context for a select; a store may ignore it. */
export interface SelectHints {
  /** Aborted when the query times out or is canceled, so a store can stop reading. */
  signal?: AbortSignal;
}

/** Compiles the regular expression of a =~ or !~ matcher with Prometheus's semantics. */
export function compileMatcherRegex(pattern: string): RegExp {
  return compileAnchoredRegex(pattern);
}

/** Returns a predicate for one matcher, with RE2 regular expressions as Prometheus has them. */
export const matcherPredicate = compileMatcher;
