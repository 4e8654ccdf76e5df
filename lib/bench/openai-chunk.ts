/**
 * What one streamed OpenAI-compatible chunk tells a benchmark: whether it carries output, the
 * usage totals, or an in-band error. Which chunks count as output decides TTFT and ITL, so the
 * rule is spelled out in `readChunk`.
 */

/** The two streaming endpoints. */
export type Endpoint = "completions" | "chat";

/** The reading of one `data:` event. */
export interface ChunkReading {
  /** The chunk carries generated output (see readChunk for the rule). */
  output: boolean;
  /** `usage.prompt_tokens` / `usage.completion_tokens`, when the chunk has them. */
  promptTokens: number | null;
  completionTokens: number | null;
  /** An in-band error (vLLM reports mid-stream failures this way). */
  error: string | null;
}

/** Thrown for a data event that is not JSON or not an object. */
export class ChunkError extends Error {}

interface Choice {
  text?: unknown;
  delta?: { role?: unknown; content?: unknown; reasoning_content?: unknown; reasoning?: unknown } | null;
  finish_reason?: unknown;
}

/**
 * Reads a data event. A chunk counts as output when its first choice has generated text
 * (`text`, or `delta.content` / `delta.reasoning_content` for chat), or when it has an empty
 * text but is neither a chat role announcement nor the final `finish_reason` chunk: a token
 * whose text is still incomplete. Role-only and finish-only chunks carry no token.
 */
export function readChunk(data: string, endpoint: Endpoint): ChunkReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new ChunkError(`data is not JSON: ${data.length > 80 ? `${data.slice(0, 80)}...` : data}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ChunkError("data is not a JSON object");
  const obj = parsed as { choices?: unknown; usage?: unknown; error?: unknown };
  const reading: ChunkReading = { output: false, promptTokens: null, completionTokens: null, error: null };
  if (obj.error !== undefined && obj.error !== null) reading.error = errorMessage(obj.error);
  if (typeof obj.usage === "object" && obj.usage !== null) {
    const u = obj.usage as { prompt_tokens?: unknown; completion_tokens?: unknown };
    if (typeof u.prompt_tokens === "number") reading.promptTokens = u.prompt_tokens;
    if (typeof u.completion_tokens === "number") reading.completionTokens = u.completion_tokens;
  }
  if (Array.isArray(obj.choices) && obj.choices.length > 0 && typeof obj.choices[0] === "object" && obj.choices[0] !== null) {
    reading.output = isOutput(obj.choices[0] as Choice, endpoint);
  }
  return reading;
}

function isOutput(c: Choice, endpoint: Endpoint): boolean {
  const finished = c.finish_reason !== undefined && c.finish_reason !== null;
  if (endpoint === "completions" || (c.delta === undefined && typeof c.text === "string")) {
    if (typeof c.text !== "string") return false;
    return c.text.length > 0 || !finished;
  }
  const d = c.delta;
  if (!d || typeof d !== "object") return false;
  for (const t of [d.content, d.reasoning_content, d.reasoning]) if (typeof t === "string" && t.length > 0) return true;
  const announcesRole = d.role !== undefined && d.role !== null;
  return typeof d.content === "string" && !announcesRole && !finished;
}

function errorMessage(e: unknown): string {
  if (typeof e === "string") return e;
  if (typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
  return JSON.stringify(e);
}
