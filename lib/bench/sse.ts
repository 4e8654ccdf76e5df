/**
 * An incremental server-sent-events parser (the WHATWG event-stream format, as OpenAI-compatible
 * servers stream completions): feed it text as it arrives, split anywhere, and it emits each
 * event's data once the blank line that ends it has arrived.
 */

/** Receives one event: its data lines joined with "\n", and its `event:` type ("message" if none). */
export type SseHandler = (data: string, type: string) => void;

/** Incremental parser; `feed` text in any pieces, then `end` once the stream closes. */
export class SseParser {
  private buf = "";
  private data: string | null = null;
  private type = "message";
  /** Lines that were neither a known field (data, event, id, retry), a comment nor blank. */
  invalidLines = 0;
  /** The first such line, for error messages. */
  firstInvalidLine: string | null = null;

  constructor(private readonly onEvent: SseHandler) {}

  /** Characters held for an event not yet complete: a stream that never ends a line grows it. */
  get pendingLength(): number {
    return this.buf.length + (this.data?.length ?? 0);
  }

  /** Parses what it can of `text`; an incomplete last line waits for the next call. */
  feed(text: string): void {
    let buf = this.buf.length > 0 ? this.buf + text : text;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf("\n", start);
      if (nl < 0) break;
      const end = nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl; // strip \r of \r\n
      this.line(buf.slice(start, end));
      start = nl + 1;
    }
    buf = start === 0 ? buf : buf.slice(start);
    this.buf = buf;
  }

  /**
   * The stream ended: a last line without its newline is parsed, and an event still open is
   * dispatched (the spec would drop it; benchmark clients should not lose the final chunk).
   */
  end(): void {
    if (this.buf.length > 0) {
      const rest = this.buf.endsWith("\r") ? this.buf.slice(0, -1) : this.buf;
      this.buf = "";
      this.line(rest);
    }
    this.dispatch();
  }

  private line(line: string): void {
    if (line.length === 0) return this.dispatch();
    // Fast path: nearly every line of a completion stream is "data: {...}".
    if (line.startsWith("data:")) return this.addData(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
    if (line.charCodeAt(0) === 58) return; // ":" starts a comment (keep-alive pings)
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") this.addData(value);
    else if (field === "event") this.type = value || "message";
    else if (field !== "id" && field !== "retry") {
      this.invalidLines++;
      if (this.firstInvalidLine === null) this.firstInvalidLine = line.length > 120 ? `${line.slice(0, 120)}...` : line;
    }
  }

  private addData(value: string): void {
    this.data = this.data === null ? value : `${this.data}\n${value}`;
  }

  private dispatch(): void {
    if (this.data === null) {
      this.type = "message";
      return;
    }
    const data = this.data;
    const type = this.type;
    this.data = null;
    this.type = "message";
    this.onEvent(data, type);
  }
}
