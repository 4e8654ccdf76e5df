import type { Readable } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { BodyLimitError, ScrapeError } from "./errors";

/**
 * Reads a stream to the end, failing as soon as more than `limit` bytes arrive, so a huge or
 * endless body costs at most `limit` bytes of memory. The stream is destroyed on failure.
 */
export async function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > limit) throw new BodyLimitError(limit);
      chunks.push(buf);
    }
  } catch (err) {
    stream.destroy();
    throw err;
  }
  return Buffer.concat(chunks, size);
}

// A gzip stream adds 18 bytes of framing and at most 5 bytes per 16 kB stored block.
const gzipSlack = (limit: number) => 1024 + Math.ceil(limit / 16384) * 5;
const gunzip = promisify(zlib.gunzip);

/**
 * Reads a response body, gunzipping it when it is gzip-encoded; the limit counts decompressed
 * bytes, so a small compressed bomb is stopped just the same. The compressed body is read whole
 * and inflated in one call (on libuv's pool), which costs far less per scrape than a stream.
 */
export async function readBody(res: Readable, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  if ((contentEncoding ?? "").trim().toLowerCase() !== "gzip") return readLimited(res, limit);
  const compressed = await readLimited(res, limit + gzipSlack(limit));
  try {
    return await gunzip(compressed, { maxOutputLength: limit });
  } catch (err) {
    const code = String((err as NodeJS.ErrnoException).code ?? "");
    if (code === "ERR_BUFFER_TOO_LARGE") throw new BodyLimitError(limit);
    // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR...) mean the body is not valid gzip.
    if (!code.startsWith("Z_")) throw err;
    throw new ScrapeError("http", `invalid gzip body: ${(err as Error).message}`);
  }
}
