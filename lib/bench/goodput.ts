/**
 * Service-level objectives for goodput, as vLLM's `--goodput ttft:MS tpot:MS e2el:MS`: a
 * request is good only if it succeeded and meets every objective given (value <= limit).
 */

/** Latency limits in milliseconds; an absent one is not checked. */
export interface Slo {
  ttftMs?: number;
  tpotMs?: number;
  e2elMs?: number;
}

/** The per-request values an SLO is checked against. */
export interface SloSubject {
  ttftMs: number;
  /** vLLM counts TPOT as 0 for requests with at most one output token; so does Headroom. */
  tpotMs: number;
  e2eMs: number;
}

const KEYS = { ttft: "ttftMs", tpot: "tpotMs", e2el: "e2elMs" } as const;

/**
 * Parses `ttft:500,tpot:50,e2el:10000` (commas or spaces between pairs, limits in ms). Throws
 * an Error naming the bad pair; an empty string is an error too (omit the flag instead).
 */
export function parseSlo(text: string): Slo {
  const pairs = text.split(/[\s,]+/).filter(Boolean);
  if (pairs.length === 0) throw new Error("expected KEY:MS pairs such as ttft:500,tpot:50,e2el:10000");
  const slo: Slo = {};
  for (const pair of pairs) {
    const m = /^([a-z0-9_]+):(.*)$/i.exec(pair);
    if (!m) throw new Error(`"${pair}": expected KEY:MS (keys: ttft, tpot, e2el)`);
    const key = KEYS[m[1].toLowerCase() as keyof typeof KEYS];
    if (!key) throw new Error(`"${pair}": unknown objective "${m[1]}" (keys: ttft, tpot, e2el)`);
    const ms = Number(m[2]);
    if (m[2].trim() === "" || !Number.isFinite(ms) || ms <= 0) throw new Error(`"${pair}": the limit must be a positive number of milliseconds`);
    if (slo[key] !== undefined) throw new Error(`"${pair}": ${m[1]} given twice`);
    slo[key] = ms;
  }
  return slo;
}

/** `ttft:500,tpot:50`: the canonical text of an SLO (for tables and stored configs). */
export function formatSlo(slo: Slo): string {
  const parts: string[] = [];
  if (slo.ttftMs !== undefined) parts.push(`ttft:${slo.ttftMs}`);
  if (slo.tpotMs !== undefined) parts.push(`tpot:${slo.tpotMs}`);
  if (slo.e2elMs !== undefined) parts.push(`e2el:${slo.e2elMs}`);
  return parts.join(",");
}

/** Whether an SLO names any objective at all. */
export function hasObjectives(slo: Slo | null | undefined): slo is Slo {
  return !!slo && (slo.ttftMs !== undefined || slo.tpotMs !== undefined || slo.e2elMs !== undefined);
}

/** Whether one successful request meets every objective of the SLO. */
export function meetsSlo(r: SloSubject, slo: Slo): boolean {
  if (slo.ttftMs !== undefined && !(r.ttftMs <= slo.ttftMs)) return false;
  if (slo.tpotMs !== undefined && !(r.tpotMs <= slo.tpotMs)) return false;
  if (slo.e2elMs !== undefined && !(r.e2eMs <= slo.e2elMs)) return false;
  return true;
}
