/** Warnings and infos attached to a query result, rendered as Prometheus renders them. */
import type { PosRange } from "./ast";
import { lineColumn } from "./errors";

/** One annotation: the message (without "PromQL warning: ") and the expression it is about. */
export interface Annotation {
  kind: "warning" | "info";
  message: string;
  pos: PosRange;
}

/** Collects annotations without duplicates (a range query meets the same one at every step). */
export class Annotations {
  private readonly seen = new Map<string, Annotation>();

  add(kind: Annotation["kind"], message: string, pos: PosRange): void {
    const key = `${kind}\u0000${message}\u0000${pos.start}`;
    if (!this.seen.has(key)) this.seen.set(key, { kind, message, pos });
  }

  warn(message: string, pos: PosRange): void {
    this.add("warning", message, pos);
  }

  info(message: string, pos: PosRange): void {
    this.add("info", message, pos);
  }

  list(): Annotation[] {
    return [...this.seen.values()];
  }
}

/** "PromQL warning: <message> (line:col)", as the Prometheus API shows annotations. */
export function renderAnnotation(a: Annotation, query: string): string {
  const { line, column } = lineColumn(query, a.pos.start);
  return `PromQL ${a.kind}: ${a.message} (${line}:${column})`;
}
