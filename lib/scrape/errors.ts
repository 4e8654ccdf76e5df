/** Why a scrape failed, as a bounded label value for Headroom's own metrics. */
export type ScrapeFailureReason = "http" | "timeout" | "body_limit" | "parse" | "sample_limit" | "relabel" | "append";

/** A failed scrape: the message is shown on the Targets page, the reason counted in metrics. */
export class ScrapeError extends Error {
  constructor(
    readonly reason: ScrapeFailureReason,
    message: string,
  ) {
    super(message);
    this.name = "ScrapeError";
  }
}

/** Raised when the (decompressed) body grows past the configured size. */
export class BodyLimitError extends ScrapeError {
  constructor(readonly limit: number) {
    super("body_limit", `body size limit exceeded: more than ${limit} bytes (body_size_limit)`);
    this.name = "BodyLimitError";
  }
}
