import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSealed, redactSecret, SecretBox } from "./index";

const box = new SecretBox("k".repeat(32));

describe("SecretBox", () => {
  it("round-trips any string and never stores it in the clear", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        const sealed = box.seal(s);
        expect(isSealed(sealed)).toBe(true);
        expect(box.open(sealed)).toBe(s);
        if (s.length >= 4) expect(sealed).not.toContain(s);
      }),
    );
  });

  it("uses a fresh IV each time", () => {
    expect(box.seal("same")).not.toBe(box.seal("same"));
  });

  it("refuses tampered values and other keys", () => {
    const sealed = box.seal("https://hooks.slack.com/services/T/B/secret");
    const parts = sealed.split(":");
    const flipped = parts[3][0] === "A" ? "B" : "A";
    expect(() => box.open([...parts.slice(0, 3), flipped + parts[3].slice(1)].join(":"))).toThrow(/tampered/);
    expect(() => new SecretBox("x".repeat(32)).open(sealed)).toThrow(/wrong HEADROOM_SECRET_KEY/);
    expect(() => box.open("plain text")).toThrow(/not a sealed secret/);
  });

  it("needs a long enough key", () => {
    expect(() => new SecretBox("short")).toThrow(/at least 32/);
  });
});

describe("redactSecret", () => {
  it.each([
    ["https://hooks.slack.com/services/T0/B0/XXXX", "https://hooks.slack.com/…"],
    ["https://user:pass@example.com:8443/path?token=1", "https://example.com:8443/…"],
    ["hunter2", "••••••••"],
    ["", ""],
  ])("%s -> %s", (v, want) => {
    expect(redactSecret(v)).toBe(want);
  });
});
