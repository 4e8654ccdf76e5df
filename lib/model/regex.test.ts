import { describe, expect, it } from "vitest";
import { compileAnchoredRegex, RegexSyntaxError } from "./regex";

describe("RE2 to JavaScript", () => {
  it.each([
    ["pro.*", "production", true],
    ["pro.*", "xproduction", false],
    ["(?i:PRO).*", "production", true],
    ["((?i)PRO).*", "production", true],
    [".*((?i)DUC).*", "production", true],
    ["(?i)foo|bar", "FOO", true],
    ["(?i:a)b", "Ab", true],
    ["(?i:a)b", "AB", false],
    ["a.b", "a\nb", true],
    ["[[:digit:]]+", "123", true],
    ["[[:alpha:]_]+", "ab_c", true],
    ["\\d{2,3}", "1234", false],
    ["\\Qa.b\\E", "a.b", true],
    ["\\Qa.b\\E", "axb", false],
    ["\\pL+", "héllo", true],
    ["(?P<x>a)b", "ab", true],
    ["[^a-c]", "d", true],
    ["(?i)[a-c]", "B", true],
    ["a{2}", "aa", true],
    ["x{", "x{", true],
    ["", "", true],
    ["\\.", ".", true],
    ["\\x41", "A", true],
    [".", "😀", true],
  ])("%s matches %j: %s", (pattern, input, want) => {
    expect(compileAnchoredRegex(pattern).test(input)).toBe(want);
  });

  it.each(["(", "a)", "*", "a**", "[a", "(?<", "\\q", "a{1001}"])("rejects %j", (pattern) => {
    expect(() => compileAnchoredRegex(pattern)).toThrow(RegexSyntaxError);
  });
});
