/**
 * Request traces in the Azure LLM inference trace format: a CSV with the columns TIMESTAMP,
 * ContextTokens and GeneratedTokens (others ignored), one request per row. Replaying one sends
 * each request at its offset from the first, with its prompt and output lengths.
 */
import { readFile } from "node:fs/promises";

/** One request of a trace. */
export interface TraceRow {
  /** Milliseconds after the trace's earliest request. */
  offsetMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Line in the file (1-based), for messages. */
  line: number;
}

/** A trace that cannot be read; the message reads `FILE: line N: problem`. */
export class TraceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    problem: string,
  ) {
    super(line === null ? `${file}: ${problem}` : `${file}: line ${line}: ${problem}`);
    this.name = "TraceError";
  }
}

const COLUMNS = ["timestamp", "contexttokens", "generatedtokens"] as const;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(Z|[+-]00:?00)?$/;

/**
 * Parses trace text. Timestamps are `YYYY-MM-DD HH:MM:SS[.fraction]` (taken as UTC) or plain
 * seconds; rows are ordered by time. Throws TraceError naming the line of the first bad row.
 */
export function parseTrace(text: string, file = "trace"): TraceRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.trim().toLowerCase());
  const at = COLUMNS.map((c) => header.indexOf(c));
  const missing = COLUMNS.filter((_, i) => at[i] < 0);
  if (missing.length > 0) throw new TraceError(file, 1, `header must name TIMESTAMP, ContextTokens and GeneratedTokens (missing ${missing.join(", ")})`);
  const rows: (TraceRow & { t: number })[] = [];
  let numeric: boolean | null = null;
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === "") continue;
    const line = i + 1;
    const cells = raw.split(",");
    if (cells.length !== header.length) throw new TraceError(file, line, `expected ${header.length} fields, found ${cells.length}`);
    const stamp = cells[at[0]].trim();
    const isNumber = /^\d+(\.\d+)?$/.test(stamp);
    if (numeric !== null && isNumber !== numeric) throw new TraceError(file, line, `TIMESTAMP "${stamp}": mixes seconds and date-times`);
    numeric = isNumber;
    const t = isNumber ? Number(stamp) * 1000 : parseDateTime(stamp);
    if (!Number.isFinite(t)) throw new TraceError(file, line, `TIMESTAMP "${stamp}": expected YYYY-MM-DD HH:MM:SS[.fraction] or seconds`);
    rows.push({ t, offsetMs: 0, inputTokens: count(cells[at[1]], "ContextTokens", file, line), outputTokens: count(cells[at[2]], "GeneratedTokens", file, line), line });
  }
  if (rows.length === 0) throw new TraceError(file, null, "no requests (only a header)");
  rows.sort((a, b) => a.t - b.t); // stable: rows with equal times keep file order
  const t0 = rows[0].t;
  return rows.map((r) => ({ offsetMs: r.t - t0, inputTokens: r.inputTokens, outputTokens: r.outputTokens, line: r.line }));
}

/** Reads and parses a trace file; unreadable files get a TraceError too. */
export async function readTrace(file: string): Promise<TraceRow[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TraceError(file, null, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message);
  }
  return parseTrace(text, file);
}

function parseDateTime(s: string): number {
  const m = DATETIME.exec(s);
  if (!m) return NaN;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || Number(m[6]) >= 61) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, 0) + Number(m[6]) * 1000;
}

function count(cell: string, column: string, file: string, line: number): number {
  const v = cell.trim();
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new TraceError(file, line, `${column} "${v}": expected a non-negative integer`);
  return Number(v);
}
