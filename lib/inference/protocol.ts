/**
 * The messages between Headroom and its model process (engine-child.ts), over Node's IPC
 * channel. Requests carry an id; every reply names the id it answers.
 */

/** Options for loading a model in the model process. */
export interface LoadOptions {
  modelPath: string;
  /** CPU threads for evaluation; 0 means one per core. */
  threads: number;
  /** Context size per sequence, in tokens. */
  contextSize: number;
  /** Sequences (requests) that can generate at once, batched together. */
  parallel: number;
}

/** A chat message; content is plain text. */
export interface ChatMessage {
  role: "system" | "developer" | "user" | "assistant";
  content: string;
}

/** One generation: a raw prompt or chat messages rendered with the model's chat template. */
export interface GenerateOptions {
  prompt?: string;
  messages?: ChatMessage[];
  /** Defaults to what is left of the context after the prompt. */
  maxTokens?: number;
  /** Keep generating past end-of-generation tokens (vLLM's ignore_eos), as load tests do. */
  ignoreEos?: boolean;
  /** 0 (the default) samples greedily. */
  temperature?: number;
  seed?: number;
}

/** What the loaded model is. */
export interface ModelInfo {
  modelPath: string;
  name: string;
  architecture: string;
  contextSize: number;
  trainContextSize: number;
  parallel: number;
  threads: number;
  vocabSize: number;
  fileBytes: number;
  /** Milliseconds to load the weights and create the context. */
  loadMs: number;
  synthetic: boolean;
}

/** Why a generation ended, with OpenAI's names ("abort" as vLLM counts cancelled requests). */
export type FinishReason = "stop" | "length" | "abort";

/** Parent to child. */
export type EngineRequest =
  | { id: number; op: "load"; options: LoadOptions }
  | { id: number; op: "tokenize"; text: string }
  | { id: number; op: "generate"; options: GenerateOptions }
  | { id: number; op: "cancel"; target: number }
  | { id: number; op: "unload" };

/**
 * Child to parent. Times `t` are epoch milliseconds with sub-millisecond precision. A
 * generation sends "start", one "token" per generated token (its text may be empty while a
 * multi-byte character is incomplete), then "end" or "error".
 */
export type EngineReply =
  | { id: number; kind: "ok"; value?: unknown }
  | { id: number; kind: "error"; message: string; code?: EngineErrorCode }
  | { id: number; kind: "start"; promptTokens: number; t: number }
  | { id: number; kind: "token"; text: string; t: number }
  | {
      id: number;
      kind: "end";
      finishReason: FinishReason;
      promptTokens: number;
      completionTokens: number;
      /** Text held back until now (an incomplete UTF-8 sequence at the end of the output). */
      text: string;
      t: number;
    };

/** Machine-readable error kinds, so the HTTP layer can pick a status. */
export type EngineErrorCode = "bad_model" | "load_failed" | "bad_request" | "context_length" | "busy" | "not_loaded" | "died";

/** Epoch milliseconds with the resolution of performance.now(). */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
