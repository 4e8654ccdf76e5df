/**
 * The shapes shared by the bench runner: what a target is asked to do, the timing record it
 * returns for each request, and why a request failed. Times are milliseconds from a monotonic
 * clock (performance.now() unless a test passes its own).
 */

/** One generation request, independent of the protocol that carries it. */
export interface BenchRequest {
  prompt: string;
  /** The prompt length the generator aimed at (tokens, approximate). */
  promptTokens: number;
  /** Output length forced with max_tokens (and ignore_eos where the target supports it). */
  maxTokens: number;
  ignoreEos: boolean;
  /** Aborting it ends the request at once; its record then has cause "canceled". */
  signal?: AbortSignal;
}

/** Why a request failed; `http` carries the status in `status`. */
export type FailureCause = "http" | "timeout" | "connection" | "malformed_stream" | "stream_error" | "canceled";

/** A failed request's cause, HTTP status (for `http`) and a short message. */
export interface RequestFailure {
  cause: FailureCause;
  status?: number;
  message: string;
}

/** What a target reports for one request, relative to the moment it was sent. */
export interface TargetTiming {
  /** Clock reading when the request was sent. */
  sentAt: number;
  /** Milliseconds after sending at which each output chunk arrived (chunks with generated text). */
  chunkMs: number[];
  /** Milliseconds from sending until the response ended (or failed). */
  e2eMs: number;
  /** Prompt tokens: the server's usage figure when it gave one, else the request's estimate. */
  promptTokens: number;
  /** Output tokens: the server's usage figure when it gave one, else the number of chunks. */
  outputTokens: number;
  /** Where outputTokens came from. */
  tokenSource: "usage" | "chunks";
  error: RequestFailure | null;
}

/** A target's timing record plus where the request sat in its load level. */
export interface RequestRecord extends TargetTiming {
  /** Position in the level's request sequence (warm-up requests included in the numbering). */
  index: number;
  /** Milliseconds from the level's start to sending. */
  sentMs: number;
  /** When a rate or trace schedule wanted it sent (ms from the level's start); null otherwise. */
  scheduledMs: number | null;
}

/**
 * Something to benchmark: an OpenAI-compatible HTTP endpoint today, a local GGUF engine later.
 * `send` never rejects: failures come back as a record with `error` set.
 */
export interface BenchTarget {
  /** For display and storage: the URL (without credentials) or the model file. */
  readonly description: string;
  /** The model name requests carry (resolved by prepare() when not given). */
  readonly model: string | null;
  /** Checks the target and resolves what it needs (e.g. the served model name). */
  prepare?(signal?: AbortSignal): Promise<void>;
  /** Sends one request; `onChunk` hears each output chunk as it arrives (ms after sending). */
  send(request: BenchRequest, onChunk?: (ms: number) => void): Promise<TargetTiming>;
  /** Frees connections or processes. */
  close(): Promise<void>;
}

/** The key a failure is counted under: `http_429`, `timeout`, `connection`, ... */
export function failureKey(f: RequestFailure): string {
  return f.cause === "http" ? `http_${f.status ?? 0}` : f.cause;
}
