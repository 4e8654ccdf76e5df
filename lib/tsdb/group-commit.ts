/**
 * Group commit for steady appends. Each statement costs a fixed ~0.5 ms of CPU on PGlite (parse,
 * plan, commit, WAL write) on top of its rows, so head rows that arrive close together share one
 * multi-row INSERT. A caller's promise resolves only once its row is committed, so "committed"
 * still means durable; the statement is atomic, so each append is still all or nothing.
 */
import type { Db } from "@/db/client";
import { GroupWriter } from "@/lib/async";
import { insertHeadBatches } from "./append";
import type { HeadRows } from "./head-batch";

/** Most rows one statement carries; a full queue is written at once. */
const MAX_ROWS = 64;

/** The store's group commit of head rows, at most `lingerMs` (or the caller's limit) late. */
export function headGroupCommit(db: Db, lingerMs: number): GroupWriter<HeadRows> {
  return new GroupWriter<HeadRows>((list) => insertHeadBatches(db, list), lingerMs, MAX_ROWS);
}
