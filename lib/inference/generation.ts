/**
 * One admitted completion request: runs it on the engine, writes the response (SSE chunks or
 * one JSON body) and records vLLM's per-request metrics. Times are the server's own clock at
 * the moment each token reaches it, as a client-side view of the engine.
 */
import type { ServerResponse } from "node:http";
import { EngineError, type ModelProcess } from "./engine";
import { errorBody, fullResponse, sse, streamChunk, usage, type ApiKind, type ResponseMeta } from "./openai";
import type { FinishReason, GenerateOptions } from "./protocol";
import type { ServerMetrics } from "./server-metrics";

/** Everything one generation needs. */
export interface GenerationJob {
  kind: ApiKind;
  engine: ModelProcess;
  options: GenerateOptions;
  stream: boolean;
  includeUsage: boolean;
  meta: ResponseMeta;
  /** performance.now() when the request arrived (TTFT and E2E count from here, queue included). */
  arrival: number;
  metrics: ServerMetrics;
  res: ServerResponse;
  signal: AbortSignal;
}

/** The HTTP status for an engine failure. */
export function statusForEngineError(err: EngineError): number {
  switch (err.code) {
    case "bad_request":
    case "context_length":
      return 400;
    case "busy":
      return 429;
    case "died":
    case "not_loaded":
      return 503;
    default:
      return 500;
  }
}

/** Runs the job to its end; never throws for engine errors (they become the response). */
export async function runGeneration(job: GenerationJob): Promise<void> {
  const { kind, meta, metrics, res } = job;
  let text = "";
  let lastToken = 0;
  let started = false;
  const write = (chunk: object | "[DONE]") => {
    if (!res.writableEnded && !res.destroyed) res.write(sse(chunk));
  };
  try {
    for await (const ev of job.engine.generate(job.options, job.signal)) {
      const now = performance.now();
      if (ev.type === "start") {
        started = true;
        if (job.stream) {
          res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
          if (kind === "chat") write(streamChunk(kind, meta, { role: true, usage: job.includeUsage ? null : undefined }));
        }
      } else if (ev.type === "token") {
        if (lastToken === 0) metrics.ttft.observe((now - job.arrival) / 1000);
        else {
          metrics.itl.observe((now - lastToken) / 1000);
          metrics.tpot.observe((now - lastToken) / 1000);
        }
        lastToken = now;
        if (ev.text) {
          text += ev.text;
          if (job.stream) write(streamChunk(kind, meta, { text: ev.text, usage: job.includeUsage ? null : undefined }));
        }
      } else {
        text += ev.text;
        finish(job, ev.finishReason, ev.promptTokens, ev.completionTokens, now);
        const u = usage(ev.promptTokens, ev.completionTokens);
        if (res.destroyed) return;
        if (!job.stream) {
          const body = JSON.stringify(fullResponse(kind, meta, text, ev.finishReason, u));
          res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
          return;
        }
        write(streamChunk(kind, meta, { text: ev.text || undefined, finish: ev.finishReason, usage: job.includeUsage ? null : undefined }));
        if (job.includeUsage) write(streamChunk(kind, meta, { noChoice: true, usage: u }));
        write("[DONE]");
        res.end();
      }
    }
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    if (res.destroyed) return;
    const status = statusForEngineError(err);
    const body = errorBody(err.message, status === 400 ? "BadRequestError" : "InternalServerError", status);
    if (!started || !res.headersSent) {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
    } else {
      // Mid-stream failures can only be told in-band, as vLLM does.
      write(body);
      write("[DONE]");
      res.end();
    }
  }
}

function finish(job: GenerationJob, reason: FinishReason, promptTokens: number, completionTokens: number, now: number): void {
  const m = job.metrics;
  m.e2e.observe((now - job.arrival) / 1000);
  m.promptTokens.inc(promptTokens);
  m.generationTokens.inc(completionTokens);
  m.promptTokensPerRequest.observe(promptTokens);
  m.generationTokensPerRequest.observe(completionTokens);
  m.success.inc({ finished_reason: reason });
}
