/**
 * lib/exposition: the Prometheus text format 0.0.4 and OpenMetrics 1.0 parser.
 *
 *   parseExposition(body, { format?, contentType?, normalizeFloatLabels? }): Exposition
 *   detectFormat(contentType): "text" | "openmetrics"
 *   SCRAPE_ACCEPT_HEADER, ExpositionError (.line), formatPromFloat
 *
 * How the scraper uses it:
 *
 *   const exp = parseExposition(body, { contentType: res.headers.get("content-type") });
 *   for (let i = 0; i < exp.length; i++) {
 *     const key = exp.series(i);          // raw series text: look up a cached series id by it
 *     const labels = exp.labels(i);       // Labels with __name__, built only on a cache miss
 *     append(key, labels, exp.value(i), exp.timestamp(i) ?? scrapeTime);
 *   }
 *   exp.families                          // [{ name, type, help, unit }] for the metadata API
 *   exp.exemplar(i)                       // { labels, value, timestamp } | null
 *   exp.labelCount(i), exp.labelName(i, j), exp.labelValue(i, j)   // labels without an object
 *
 * The parse is all-or-nothing: any error throws an ExpositionError ("line N: expected ...") and
 * returns nothing. Samples are stored as columns of offsets into the body; strings (names, label
 * values, HELP texts) are made only when an accessor asks for them.
 *
 * Accepted input (details in docs/exposition.md): HELP/TYPE/UNIT, escapes, trailing commas in
 * label sets, timestamps (ms in text, seconds in OpenMetrics, returned as ms), every float
 * spelling Go accepts (NaN, Inf, +Inf, -Infinity, ...), exemplars, `# EOF`, all OpenMetrics types
 * with samples grouped into families by suffix, and Prometheus 3's quoted UTF-8 names
 * (`{"my.metric", "label.name"="v"}`).
 */
import { declaredFormat, endsWithEof } from "./content-type";
import { ExpositionError } from "./errors";
import { Exposition } from "./exposition";
import { parseBody } from "./parser";
import type { ExpositionFormat, ParseOptions } from "./types";

export { ExpositionError } from "./errors";
export { Exposition } from "./exposition";
export { detectFormat, SCRAPE_ACCEPT_HEADER } from "./content-type";
export { formatPromFloat } from "./float";
export type { Exemplar, ExpositionFormat, MetricFamily, MetricType, ParseOptions, Sample } from "./types";

/**
 * Parses a whole exposition body. Throws ExpositionError (with `.line`) on the first invalid line;
 * see ParseOptions for how format "auto" chooses.
 */
export function parseExposition(body: string, options: ParseOptions = {}): Exposition {
  const normalize = options.normalizeFloatLabels ?? true;
  const format = options.format ?? "auto";
  if (format !== "auto") return parseAs(body, format, normalize);
  const declared = declaredFormat(options.contentType);
  if (declared === "openmetrics") return parseAs(body, "openmetrics", normalize);
  if (!endsWithEof(body)) return parseAs(body, "text", normalize);
  // A "# EOF" says OpenMetrics, but text-format files sometimes end with it as a comment (as
  // Prometheus's own test data does), so a body that is not valid OpenMetrics is tried as text.
  try {
    return parseAs(body, "openmetrics", normalize);
  } catch (omError) {
    if (!(omError instanceof ExpositionError)) throw omError;
    try {
      return parseAs(body, "text", normalize);
    } catch (textError) {
      throw declared === "text" ? textError : omError;
    }
  }
}

function parseAs(body: string, format: ExpositionFormat, normalize: boolean): Exposition {
  return new Exposition(body, format, parseBody(body, format === "openmetrics"), normalize);
}
