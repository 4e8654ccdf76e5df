import { describe, expect, it } from "vitest";
import { MIN_VOCAB, TokenType, buildByteVocab } from "./vocab";

describe("buildByteVocab", () => {
  it("has the specials, then <0x00>..<0xFF> as byte tokens", () => {
    const v = buildByteVocab(MIN_VOCAB);
    expect(v.tokens.slice(0, 3)).toEqual(["<unk>", "<s>", "</s>"]);
    expect([v.unk, v.bos, v.eos]).toEqual([0, 1, 2]);
    expect(v.tokens[3]).toBe("<0x00>");
    expect(v.tokens[3 + 0x0a]).toBe("<0x0A>");
    expect(v.tokens[258]).toBe("<0xFF>");
    expect(v.types.slice(3, 259).every((t) => t === TokenType.BYTE)).toBe(true);
  });

  it("fills up to the exact size with unique normal pieces", () => {
    for (const n of [300, 32000]) {
      const v = buildByteVocab(n);
      expect(v.tokens).toHaveLength(n);
      expect(v.scores).toHaveLength(n);
      expect(v.types).toHaveLength(n);
      expect(new Set(v.tokens).size).toBe(n);
    }
    const v = buildByteVocab(32000);
    expect(v.tokens[259]).toBe("\u2581");
    expect(v.tokens).toContain("\u2581th");
    expect(v.tokens).toContain("ing");
  });

  it("scores shorter (earlier) pieces higher", () => {
    const v = buildByteVocab(1000);
    expect(v.scores[300]).toBeGreaterThan(v.scores[900]);
  });

  it("refuses a vocab without room for the byte tokens", () => {
    expect(() => buildByteVocab(258)).toThrow(/at least 259/);
  });
});
