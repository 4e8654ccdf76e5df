import { describe, expect, it } from "vitest";
import { ChunkError, readChunk } from "./openai-chunk";

const j = (o: unknown) => JSON.stringify(o);

describe("readChunk", () => {
  it.each([
    ["completion text", "completions", { choices: [{ text: " the", finish_reason: null }] }, true],
    ["completion empty text mid-stream (a token still being decoded)", "completions", { choices: [{ text: "", finish_reason: null }] }, true],
    ["completion finish-only chunk", "completions", { choices: [{ text: "", finish_reason: "length" }] }, false],
    ["completion last token with finish", "completions", { choices: [{ text: "x", finish_reason: "length" }] }, true],
    ["chat content", "chat", { choices: [{ delta: { content: "hi" }, finish_reason: null }] }, true],
    ["chat role announcement", "chat", { choices: [{ delta: { role: "assistant", content: "" }, finish_reason: null }] }, false],
    ["chat role with content", "chat", { choices: [{ delta: { role: "assistant", content: "Hi" } }] }, true],
    ["chat reasoning", "chat", { choices: [{ delta: { reasoning_content: "hmm" } }] }, true],
    ["chat finish with empty delta", "chat", { choices: [{ delta: {}, finish_reason: "stop" }] }, false],
    ["chat empty content mid-stream", "chat", { choices: [{ delta: { content: "" }, finish_reason: null }] }, true],
    ["usage-only chunk", "chat", { choices: [], usage: { prompt_tokens: 5, completion_tokens: 9 } }, false],
    ["completions server answering in chat shape", "completions", { choices: [{ delta: { content: "x" } }] }, false],
  ] as const)("%s", (_name, endpoint, chunk, output) => {
    expect(readChunk(j(chunk), endpoint).output).toBe(output);
  });

  it("reads usage totals and ignores usage: null", () => {
    expect(readChunk(j({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 9 } }), "chat")).toMatchObject({ promptTokens: 5, completionTokens: 9 });
    expect(readChunk(j({ choices: [{ text: "a" }], usage: null }), "completions")).toMatchObject({ promptTokens: null, completionTokens: null });
  });

  it("reports in-band errors", () => {
    expect(readChunk(j({ error: { message: "engine died", code: 500 } }), "chat").error).toBe("engine died");
    expect(readChunk(j({ error: "plain" }), "chat").error).toBe("plain");
  });

  it.each([["{not json"], ["[1,2]"], ['"text"'], ["null"]])("refuses %s", (data) => {
    expect(() => readChunk(data, "completions")).toThrow(ChunkError);
  });
});
