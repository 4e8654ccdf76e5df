/**
 * Progress of a running benchmark for a terminal: on a TTY one line rewritten in place (at most
 * ten times a second), elsewhere (CI logs, pipes) a plain line every few seconds, so logs stay
 * readable. The line itself is a pure function of the progress.
 */
import { formatDurationMs } from "@/lib/format";
import type { LevelProgress } from "./level";

/** `[2/4] concurrency 8 [#######.......] 120/200 req, 3 failed, 8 in flight, 12.3 s`. */
export function progressLine(p: LevelProgress, barWidth = 20): string {
  const head = `[${p.level + 1}/${p.levels}] ${p.label}`;
  const elapsed = formatDurationMs(p.elapsedMs);
  if (p.warmingUp) return `${head} warming up: ${p.sent} sent, ${p.inFlight} in flight, ${elapsed}`;
  let fraction: number | null = null;
  if (p.goalRequests !== null && p.goalRequests > 0) fraction = p.done / p.goalRequests;
  if (p.goalDurationS !== null) fraction = Math.max(fraction ?? 0, p.elapsedMs / (p.goalDurationS * 1000));
  const bar = fraction === null ? "" : ` [${"#".repeat(Math.round(Math.min(1, fraction) * barWidth)).padEnd(barWidth, ".")}]`;
  const of = p.goalRequests !== null ? `/${p.goalRequests}` : "";
  const failed = p.failed > 0 ? `, ${p.failed} failed` : "";
  return `${head}${bar} ${p.done}${of} req${failed}, ${p.inFlight} in flight, ${elapsed}`;
}

/** Where progress goes: a stream, told whether it is a terminal. */
export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** Throttled progress output for one run. */
export class ProgressReporter {
  private last = -Infinity;
  private shown = "";
  private readonly every: number;

  constructor(
    private readonly out: ProgressSink,
    private readonly now: () => number = () => performance.now(),
    opts: { ttyEveryMs?: number; plainEveryMs?: number } = {},
  ) {
    this.every = out.isTTY ? (opts.ttyEveryMs ?? 100) : (opts.plainEveryMs ?? 5_000);
  }

  /** Shows the progress if enough time has passed since the last line. */
  update(p: LevelProgress): void {
    const t = this.now();
    if (t - this.last < this.every) return;
    this.last = t;
    this.show(progressLine(p));
  }

  /** Ends a level: its final line stays, followed by `note` (e.g. the level's headline figures). */
  levelDone(p: LevelProgress, note?: string): void {
    const line = progressLine(p) + (note ? `  ${note}` : "");
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K\n`);
      this.shown = "";
    } else this.out.write(`${line}\n`);
    this.last = -Infinity;
  }

  /** Clears a line left on a terminal (before an error message, say). */
  clear(): void {
    if (this.out.isTTY && this.shown) this.out.write("\r\x1b[K");
    this.shown = "";
  }

  private show(line: string): void {
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      this.shown = line;
    } else this.out.write(`${line}\n`);
  }
}
