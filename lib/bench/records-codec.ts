/**
 * Raw per-request records in a compact, compressed form for the database: columns instead of
 * objects, chunk times as gaps rounded to the microsecond, the whole gzip-compressed JSON.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type { FailureCause, RequestRecord } from "./types";

interface Columns {
  v: 1;
  index: number[];
  sentMs: number[];
  scheduledMs: (number | null)[];
  e2eMs: number[];
  promptTokens: number[];
  outputTokens: number[];
  /** "u" for usage, "c" for chunk-counted, one letter per record. */
  tokenSource: string;
  /** Per record: the first chunk's time, then gaps; empty when dropped for size. */
  chunks: number[][];
  chunksDropped: boolean;
  errors: ([FailureCause, number | null, string] | null)[];
}

const us = (ms: number) => Math.round(ms * 1000) / 1000;

/** Compresses records; chunk times are left out when there are more than `maxChunkTimes`. */
export function encodeRecords(records: readonly RequestRecord[], maxChunkTimes = 2_000_000): Uint8Array {
  let chunkTimes = 0;
  for (const r of records) chunkTimes += r.chunkMs.length;
  const keepChunks = chunkTimes <= maxChunkTimes;
  const cols: Columns = {
    v: 1,
    index: records.map((r) => r.index),
    sentMs: records.map((r) => us(r.sentMs)),
    scheduledMs: records.map((r) => (r.scheduledMs === null ? null : us(r.scheduledMs))),
    e2eMs: records.map((r) => us(r.e2eMs)),
    promptTokens: records.map((r) => r.promptTokens),
    outputTokens: records.map((r) => r.outputTokens),
    tokenSource: records.map((r) => (r.tokenSource === "usage" ? "u" : "c")).join(""),
    chunks: records.map((r) => (keepChunks ? r.chunkMs.map((t, i) => us(i === 0 ? t : t - r.chunkMs[i - 1])) : [])),
    chunksDropped: !keepChunks,
    errors: records.map((r) => (r.error ? [r.error.cause, r.error.status ?? null, r.error.message] : null)),
  };
  return gzipSync(JSON.stringify(cols));
}

/** The records back (`sentAt` is not kept: times are relative to the level's start). */
export function decodeRecords(data: Uint8Array): RequestRecord[] {
  const cols = JSON.parse(gunzipSync(data).toString("utf8")) as Columns;
  if (cols.v !== 1) throw new Error(`unknown records encoding version ${String(cols.v)}`);
  return cols.index.map((index, i) => {
    const gaps = cols.chunks[i];
    const chunkMs: number[] = [];
    let t = 0;
    for (const g of gaps) chunkMs.push(us((t += g)));
    const e = cols.errors[i];
    return {
      index,
      sentAt: cols.sentMs[i],
      sentMs: cols.sentMs[i],
      scheduledMs: cols.scheduledMs[i],
      chunkMs,
      e2eMs: cols.e2eMs[i],
      promptTokens: cols.promptTokens[i],
      outputTokens: cols.outputTokens[i],
      tokenSource: cols.tokenSource[i] === "u" ? "usage" : "chunks",
      error: e ? { cause: e[0], ...(e[1] !== null ? { status: e[1] } : {}), message: e[2] } : null,
    };
  });
}
