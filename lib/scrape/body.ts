import type { Readable } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { BodyLimitError, ScrapeError } from "./errors";

/**
 * Reads a stream to the end, failing as soon as more than `limit` bytes arrive, so a huge or
 * endless body costs at most `limit` bytes of memory. The stream is destroyed on failure.
 */
export function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  // Events rather than an async iterator: this runs for every scrape, and the iterator's
  // promise per chunk costs more than the copying.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err: Error | null) => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
      if (err) {
        stream.destroy();
        reject(err);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) return done(new BodyLimitError(limit));
      chunks.push(buf);
    };
    const onEnd = () => done(null);
    const onError = (err: Error) => done(err);
    // Destroyed without an error (an abort): the body is incomplete.
    const onClose = () => done(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}

// A gzip stream adds 18 bytes of framing and at most 5 bytes per 16 kB stored block.
const gzipSlack = (limit: number) => 1024 + Math.ceil(limit / 16384) * 5;
const gunzip = promisify(zlib.gunzip);
/**
 * Bodies inflating to at most this are inflated at once on the event loop: a scrape's body is
 * far smaller, and a call to the pool costs more than inflating it (one round trip per 16 kB of
 * output). Anything larger goes to the pool, so a big body never holds up other targets.
 */
const INLINE_INFLATE_BYTES = 4 * 2 ** 20;

/**
 * Reads a response body, gunzipping it when it is gzip-encoded; the limit counts decompressed
 * bytes, so a small compressed bomb is stopped just the same. The compressed body is read whole
 * and inflated in one call.
 */
export async function readBody(res: Readable, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  if ((contentEncoding ?? "").trim().toLowerCase() !== "gzip") return readLimited(res, limit);
  const compressed = await readLimited(res, limit + gzipSlack(limit));
  const inline = Math.min(limit, INLINE_INFLATE_BYTES);
  try {
    return zlib.gunzipSync(compressed, { maxOutputLength: inline, chunkSize: 64 * 1024 });
  } catch (err) {
    if (!(errorCode(err) === "ERR_BUFFER_TOO_LARGE" && limit > inline)) throw gunzipError(err, limit);
  }
  try {
    return await gunzip(compressed, { maxOutputLength: limit, chunkSize: 64 * 1024 });
  } catch (err) {
    throw gunzipError(err, limit);
  }
}

const errorCode = (err: unknown) => String((err as NodeJS.ErrnoException).code ?? "");

function gunzipError(err: unknown, limit: number): unknown {
  const code = errorCode(err);
  if (code === "ERR_BUFFER_TOO_LARGE") return new BodyLimitError(limit);
  // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR...) mean the body is not valid gzip.
  if (!code.startsWith("Z_")) return err;
  return new ScrapeError("http", `invalid gzip body: ${(err as Error).message}`);
}
