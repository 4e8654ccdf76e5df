/**
 * The OpenAI-compatible request and response shapes of the model server: zod schemas for
 * /v1/chat/completions and /v1/completions (with vLLM's ignore_eos extension), and builders for
 * the JSON bodies and server-sent-event chunks. Pure: no I/O, ids and clock passed in.
 */
import { z } from "zod";
import type { ChatMessage, FinishReason, GenerateOptions } from "./protocol";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const message = z.object({
  role: z.enum(["system", "developer", "user", "assistant"]),
  content: z.union([z.string(), z.array(textPart)]).nullable().optional(),
});

const common = {
  model: z.string().optional(),
  max_tokens: z.number().int().min(1).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  seed: z.number().int().nullish(),
  ignore_eos: z.boolean().nullish(),
  n: z.literal(1).nullish(),
};

/** The body of POST /v1/chat/completions that Headroom's model server understands. */
export const chatRequestSchema = z.object({
  ...common,
  messages: z.array(message).min(1),
  max_completion_tokens: z.number().int().min(1).nullish(),
});

/** The body of POST /v1/completions that Headroom's model server understands. */
export const completionRequestSchema = z.object({
  ...common,
  prompt: z.union([z.string(), z.array(z.string()).length(1)]),
});

/** A parsed chat or completion request. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;
/** A parsed completion request. */
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
/** Which endpoint a request came to. */
export type ApiKind = "chat" | "completion";

/** Token counts as OpenAI reports them. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** The first schema issue as `field: problem`, naming the place in the body. */
export function describeIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  const where = issue.path.length ? issue.path.join(".") : "body";
  return `${where}: ${issue.message}`;
}

/** The engine options for a validated request. */
export function toGenerateOptions(kind: ApiKind, body: ChatRequest | CompletionRequest): GenerateOptions {
  const base: GenerateOptions = {
    maxTokens: ("max_completion_tokens" in body ? body.max_completion_tokens : undefined) ?? body.max_tokens ?? undefined,
    ignoreEos: body.ignore_eos ?? false,
    temperature: body.temperature ?? undefined,
    seed: body.seed ?? undefined,
  };
  if (kind === "completion") {
    const p = (body as CompletionRequest).prompt;
    return { ...base, prompt: typeof p === "string" ? p : p[0] };
  }
  const messages: ChatMessage[] = (body as ChatRequest).messages.map((m) => ({
    role: m.role,
    content: typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => p.text).join(""),
  }));
  return { ...base, messages };
}

/** Usage from token counts. */
export function usage(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/** Identity of one response: id, served model name and creation time (Unix seconds). */
export interface ResponseMeta {
  id: string;
  model: string;
  created: number;
}

/** A complete (non-streaming) response body. */
export function fullResponse(kind: ApiKind, m: ResponseMeta, text: string, finish: FinishReason, u: Usage): object {
  const choice =
    kind === "chat"
      ? { index: 0, message: { role: "assistant", content: text }, logprobs: null, finish_reason: finish }
      : { index: 0, text, logprobs: null, finish_reason: finish };
  return { id: m.id, object: kind === "chat" ? "chat.completion" : "text_completion", created: m.created, model: m.model, choices: [choice], usage: u };
}

/**
 * One streamed chunk. A chat stream's first chunk carries `role`; the last one carrying a
 * choice has `finish`; with include_usage every chunk has `usage: null` except a final one
 * with no choices and the totals, as OpenAI and vLLM send it.
 */
export function streamChunk(
  kind: ApiKind,
  m: ResponseMeta,
  part: { text?: string; role?: boolean; finish?: FinishReason; usage?: Usage | null; noChoice?: boolean },
): object {
  const finish = part.finish ?? null;
  const choice =
    kind === "chat"
      ? { index: 0, delta: part.role ? { role: "assistant", content: part.text ?? "" } : part.text !== undefined ? { content: part.text } : {}, logprobs: null, finish_reason: finish }
      : { index: 0, text: part.text ?? "", logprobs: null, finish_reason: finish };
  const chunk: Record<string, unknown> = {
    id: m.id,
    object: kind === "chat" ? "chat.completion.chunk" : "text_completion",
    created: m.created,
    model: m.model,
    choices: part.noChoice ? [] : [choice],
  };
  if (part.usage !== undefined) chunk.usage = part.usage;
  return chunk;
}

/** A server-sent event carrying JSON (or the literal [DONE]). */
export function sse(data: object | "[DONE]"): string {
  return `data: ${data === "[DONE]" ? data : JSON.stringify(data)}\n\n`;
}

/** An OpenAI-style error body. */
export function errorBody(message: string, type: string, code: number | string | null = null, param: string | null = null): object {
  return { error: { message, type, param, code } };
}
