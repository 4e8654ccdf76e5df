import type { ExpositionFormat } from "./types";

/**
 * The Accept header a scraper should send: OpenMetrics preferred, then the text format, the same
 * preference order as Prometheus's default.
 */
export const SCRAPE_ACCEPT_HEADER =
  "application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/**
 * The format a Content-Type header declares, or null when it declares neither (absent, empty or
 * another media type).
 */
export function declaredFormat(contentType: string | null | undefined): ExpositionFormat | null {
  if (!contentType) return null;
  const semi = contentType.indexOf(";");
  const media = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (media === "application/openmetrics-text") return "openmetrics";
  if (media === "text/plain") return "text";
  return null;
}

/**
 * The format to parse a response with, from its Content-Type header: "openmetrics" for
 * application/openmetrics-text (any version), else "text", as Prometheus falls back to.
 */
export function detectFormat(contentType: string | null | undefined): ExpositionFormat {
  return declaredFormat(contentType) ?? "text";
}

/** True when the body's last line (ignoring trailing line breaks) is exactly "# EOF". */
export function endsWithEof(body: string): boolean {
  let end = body.length;
  while (end > 0 && (body.charCodeAt(end - 1) === 10 || body.charCodeAt(end - 1) === 13)) end--;
  return end >= 5 && body.startsWith("# EOF", end - 5) && (end === 5 || body.charCodeAt(end - 6) === 10);
}
