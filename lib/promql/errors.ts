/** Errors the engine raises, typed like the Prometheus HTTP API's errorType. */
import type { PosRange } from "./ast";

/** Prometheus API error types. */
export type PromQLErrorType = "bad_data" | "execution" | "timeout" | "canceled";

/** Any error raised while parsing or evaluating a query. */
export class PromQLError extends Error {
  constructor(
    message: string,
    readonly type: PromQLErrorType = "execution",
  ) {
    super(message);
    this.name = "PromQLError";
  }
}

/** Line and column (1-based) of a character offset, as Prometheus prints them. */
export function lineColumn(query: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < query.length; i++) {
    if (query[i] === "\n") {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

/** A syntax or type error with its place in the query, so a UI can underline it. */
export class ParseError extends PromQLError {
  /** The message without the position prefix. */
  readonly detail: string;
  readonly position: PosRange & { line: number; column: number };

  constructor(query: string, pos: PosRange, detail: string) {
    const lc = lineColumn(query, pos.start);
    super(`${lc.line}:${lc.column}: parse error: ${detail}`, "bad_data");
    this.name = "ParseError";
    this.detail = detail;
    this.position = { ...pos, ...lc };
  }
}

/** The sample limit Prometheus enforces (--query.max-samples). */
export class TooManySamplesError extends PromQLError {
  constructor() {
    super("query processing would load too many samples into memory in query execution");
  }
}

/** The query ran past its deadline. */
export class QueryTimeoutError extends PromQLError {
  constructor() {
    super("query timed out in expression evaluation", "timeout");
  }
}

/** The caller aborted the query. */
export class QueryCanceledError extends PromQLError {
  constructor() {
    super("query was canceled in expression evaluation", "canceled");
  }
}
