import type { Readable } from "node:stream";
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

/**
 * Reads a response body, gunzipping it when it is gzip-encoded; the limit counts decompressed
 * bytes, so a small compressed bomb is stopped just the same.
 */
export async function readBody(res: Readable, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  if ((contentEncoding ?? "").trim().toLowerCase() !== "gzip") return readLimited(res, limit);
  const gunzip = zlib.createGunzip();
  res.on("error", (err) => gunzip.destroy(err));
  res.pipe(gunzip);
  try {
    return await readLimited(gunzip, limit);
  } catch (err) {
    res.destroy();
    // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR...) mean the body is not valid gzip.
    if (!String((err as NodeJS.ErrnoException).code ?? "").startsWith("Z_")) throw err;
    throw new ScrapeError("http", `invalid gzip body: ${(err as Error).message}`);
  } finally {
    res.unpipe(gunzip);
  }
}
