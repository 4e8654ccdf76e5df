import { describe, expect, it } from "vitest";
import { chatRequestSchema, completionRequestSchema, describeIssue, fullResponse, sse, streamChunk, toGenerateOptions, usage } from "./openai";

const meta = { id: "chatcmpl-1", model: "m", created: 1700000000 };

describe("request schemas", () => {
  it("accepts vLLM's ignore_eos and OpenAI's content parts", () => {
    const body = chatRequestSchema.parse({
      model: "m",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: [{ type: "text", text: "hi " }, { type: "text", text: "there" }] },
      ],
      max_tokens: 8,
      ignore_eos: true,
      stream: true,
      stream_options: { include_usage: true },
      top_p: 0.9, // unknown parameters are ignored, not refused
    });
    expect(toGenerateOptions("chat", body)).toEqual({
      maxTokens: 8,
      ignoreEos: true,
      temperature: undefined,
      seed: undefined,
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hi there" },
      ],
    });
  });

  it("prefers max_completion_tokens over max_tokens", () => {
    const body = chatRequestSchema.parse({ messages: [{ role: "user", content: "x" }], max_tokens: 5, max_completion_tokens: 9 });
    expect(toGenerateOptions("chat", body).maxTokens).toBe(9);
  });

  it("takes a prompt string or a one-element list", () => {
    expect(toGenerateOptions("completion", completionRequestSchema.parse({ prompt: "a" })).prompt).toBe("a");
    expect(toGenerateOptions("completion", completionRequestSchema.parse({ prompt: ["b"] })).prompt).toBe("b");
  });

  it.each([
    [{ messages: [] }, /^messages: /],
    [{ messages: [{ role: "robot", content: "x" }] }, /^messages\.0\.role: /],
    [{ messages: [{ role: "user", content: "x" }], max_tokens: 0 }, /^max_tokens: /],
    [{ messages: [{ role: "user", content: "x" }], n: 2 }, /^n: /],
    [{ messages: [{ role: "user", content: "x" }], temperature: 3 }, /^temperature: /],
  ])("names the field of a bad chat request %j", (body, message) => {
    const r = chatRequestSchema.safeParse(body);
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssue(r.error)).toMatch(message);
  });
});

describe("responses", () => {
  it("builds a whole chat response with usage", () => {
    expect(fullResponse("chat", meta, "hey", "length", usage(3, 2))).toEqual({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1700000000,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "hey" }, logprobs: null, finish_reason: "length" }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
  });

  it("builds chat chunks: role first, deltas, finish, then usage without choices", () => {
    expect(streamChunk("chat", meta, { role: true })).toMatchObject({ object: "chat.completion.chunk", choices: [{ delta: { role: "assistant", content: "" }, finish_reason: null }] });
    expect(streamChunk("chat", meta, { text: "a", usage: null })).toMatchObject({ choices: [{ delta: { content: "a" } }], usage: null });
    expect(streamChunk("chat", meta, { finish: "stop" })).toMatchObject({ choices: [{ delta: {}, finish_reason: "stop" }] });
    const last = streamChunk("chat", meta, { noChoice: true, usage: usage(1, 1) });
    expect(last).toMatchObject({ choices: [], usage: { total_tokens: 2 } });
  });

  it("builds completion chunks with text", () => {
    expect(streamChunk("completion", { ...meta, id: "cmpl-1" }, { text: "x" })).toMatchObject({ object: "text_completion", choices: [{ text: "x", finish_reason: null }] });
    expect(streamChunk("completion", meta, { text: "x" })).not.toHaveProperty("usage");
  });

  it("frames server-sent events", () => {
    expect(sse({ a: 1 })).toBe('data: {"a":1}\n\n');
    expect(sse("[DONE]")).toBe("data: [DONE]\n\n");
  });
});
