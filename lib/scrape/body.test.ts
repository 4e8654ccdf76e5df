import { Readable } from "node:stream";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { readBody, readLimited } from "./body";
import { BodyLimitError, ScrapeError } from "./errors";

function chunks(...parts: string[]): Readable {
  return Readable.from(parts.map((p) => Buffer.from(p)));
}

// A stream that never ends on its own, counting how much it was asked for.
function endless(chunkSize: number): Readable & { produced: number } {
  const s = new Readable({
    read() {
      s.produced += chunkSize;
      this.push(Buffer.alloc(chunkSize, 97));
    },
  }) as Readable & { produced: number };
  s.produced = 0;
  return s;
}

describe("readLimited", () => {
  it("returns the whole body when it fits, a body of exactly the limit included", async () => {
    expect((await readLimited(chunks("ab", "cd"), 4)).toString()).toBe("abcd");
  });

  it("fails as soon as the limit is passed and destroys the stream", async () => {
    const s = chunks("ab", "cd", "e");
    await expect(readLimited(s, 4)).rejects.toBeInstanceOf(BodyLimitError);
    expect(s.destroyed).toBe(true);
  });

  it("stops an endless body without reading much past the limit", async () => {
    const s = endless(64 * 1024);
    await expect(readLimited(s, 1024 * 1024)).rejects.toThrow(/body size limit exceeded/);
    expect(s.produced).toBeLessThan(4 * 1024 * 1024);
  });
});

describe("readBody", () => {
  it("passes identity bodies through and gunzips gzip ones", async () => {
    expect((await readBody(chunks("up 1\n"), undefined, 100)).toString()).toBe("up 1\n");
    const gz = zlib.gzipSync("up 1\n");
    expect((await readBody(Readable.from([gz]), "gzip", 100)).toString()).toBe("up 1\n");
  });

  it("counts decompressed bytes, so a gzip bomb is stopped", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const err = await readBody(Readable.from([bomb]), "gzip", 1024 * 1024).catch((e) => e);
    expect(err).toBeInstanceOf(BodyLimitError);
    expect((err as BodyLimitError).limit).toBe(1024 * 1024);
  });

  it("reports a body that is not gzip although it says so", async () => {
    const err = await readBody(chunks("definitely not gzip"), "gzip", 1000).catch((e) => e);
    expect(err).toBeInstanceOf(ScrapeError);
    expect((err as ScrapeError).message).toMatch(/^invalid gzip body/);
  });

  it("inflates a body bigger than the inline size on the pool, within the limit", async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, "metric_a 1\n");
    const gz = zlib.gzipSync(big);
    const out = await readBody(Readable.from([gz]), "gzip", 8 * 1024 * 1024);
    expect(out.equals(big)).toBe(true);
    await expect(readBody(Readable.from([gz]), "gzip", 5 * 1024 * 1024)).rejects.toBeInstanceOf(BodyLimitError);
  });
});

describe("readLimited on a broken stream", () => {
  it("rejects when the stream errors or is destroyed before its end", async () => {
    const failing = new Readable({ read() {} });
    const p1 = readLimited(failing, 100);
    failing.push(Buffer.from("ab"));
    failing.destroy(new Error("socket hang up"));
    await expect(p1).rejects.toThrow("socket hang up");

    const cut = new Readable({ read() {} });
    const p2 = readLimited(cut, 100);
    cut.push(Buffer.from("ab"));
    cut.destroy();
    await expect(p2).rejects.toThrow("aborted");
  });
});
