import { describe, expect, it } from "vitest";
import { PROMPT_VOCABULARY_SIZE, PromptSource } from "./prompt";

describe("PromptSource", () => {
  const src = new PromptSource(1);

  it.each([[1], [7], [256], [5000], [100_000]])("gives %d words for %d tokens", (n) => {
    expect(src.prompt(n, 3).split(" ")).toHaveLength(n);
  });

  it("is the same for the same seed and index, different otherwise", () => {
    expect(new PromptSource(1).prompt(64, 5)).toBe(src.prompt(64, 5));
    expect(src.prompt(64, 6)).not.toBe(src.prompt(64, 5));
    expect(new PromptSource(2).prompt(64, 5)).not.toBe(src.prompt(64, 5));
  });

  it("does not give two requests the same opening (prefix caches would flatter TTFT)", () => {
    const openings = new Set(Array.from({ length: 500 }, (_, i) => src.prompt(16, i)));
    expect(openings.size).toBe(500);
  });

  it("uses only lowercase words from its list", () => {
    const words = new Set(src.prompt(20_000, 0).split(" "));
    expect(words.size).toBeLessThanOrEqual(PROMPT_VOCABULARY_SIZE);
    for (const w of words) expect(w).toMatch(/^[a-z]+$/);
  });
});
