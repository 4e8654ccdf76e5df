/**
 * Small helpers for talking to PGlite and node-postgres alike: array parameters passed as one
 * text literal (drizzle would expand a JS array into a list), and driver-neutral number parsing.
 */
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { Db } from "@/db/client";

/** Anything that can run a statement: the database or a transaction. */
export type Executor = Pick<Db, "execute">;

/**
 * PGlite's simple-query call when `ex` is a drizzle database over PGlite (a transaction is not:
 * its statements must go through drizzle). For hot single statements whose values are all safe
 * to write inline (numbers, base64): PGlite's simple protocol skips the parse/bind/describe
 * round of the extended one, about a third of such an INSERT's cost.
 */
export function pgliteExec(ex: Executor): ((statement: string) => Promise<unknown>) | null {
  const client = (ex as { $client?: unknown }).$client;
  return client instanceof PGlite ? (statement) => client.exec(statement) : null;
}

/** Runs a statement and returns its rows. */
export async function query<T>(ex: Executor, statement: SQL): Promise<T[]> {
  const res = await ex.execute(statement);
  return (res as unknown as { rows: T[] }).rows;
}

/** node-postgres returns int8 as strings, PGlite as numbers; both become numbers here. */
export function num(x: unknown): number {
  return typeof x === "number" ? x : Number(x);
}

/** A PostgreSQL array literal of integers, e.g. for `${intArray(ids)}::int4[]`. */
export function intArray(xs: ArrayLike<number>): string {
  let out = "{";
  for (let i = 0; i < xs.length; i++) out += (i ? "," : "") + String(xs[i]);
  return out + "}";
}

/** Text form of a float8 that PostgreSQL parses back to the same double (-0, NaN and ±Inf included). */
export function float8Text(v: number): string {
  if (v !== v) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (Object.is(v, -0)) return "-0"; // String(-0) is "0"
  return String(v);
}

/** A PostgreSQL array literal of float8 values; null becomes SQL NULL. */
export function floatArray(xs: ArrayLike<number | null>): string {
  let out = "{";
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    out += (i ? "," : "") + (v === null ? "NULL" : float8Text(v));
  }
  return out + "}";
}

/** A PostgreSQL array literal of text values, every element quoted and escaped. */
export function textArray(xs: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < xs.length; i++) {
    out += (i ? "," : "") + '"' + xs[i].replace(/[\\"]/g, (c) => "\\" + c) + '"';
  }
  return out + "}";
}

/** Lower-case hex of bytes, for `decode(x, 'hex')` on the server. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Base64 of bytes, for `decode(x, 'base64')`: a third larger than the bytes, where hex doubles them. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** bytea as returned by either driver (Buffer or Uint8Array). */
export function bytes(x: unknown): Uint8Array {
  if (x instanceof Uint8Array) return x;
  if (typeof x === "string" && x.startsWith("\\x")) return Uint8Array.from(Buffer.from(x.slice(2), "hex"));
  throw new TypeError(`expected bytea, got ${typeof x}`);
}

/** Floors to a multiple of `step` (also for negative numbers). */
export function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

/** The PostgreSQL error code of a failed query, looking through drizzle's wrapper. */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
