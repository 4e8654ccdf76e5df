/**
 * What the Benchmarks page and /api/bench do, one verb each: start (validate, seal the API key,
 * queue, audit), list, read one, cancel (audited). Routes and pages stay thin around these.
 */
import type { Db } from "@/db/client";
import { recordAudit, type Actor } from "@/lib/audit";
import type { SecretBox } from "@/lib/secrets";
import { modelsDir } from "./models-dir";
import { planConfig } from "./plan";
import { cancelBenchRun, enqueueBenchRun, type CancelOutcome } from "./queue";
import { BenchInputError, parseBenchRequest } from "./request-input";
import { getBenchRun, listBenchRuns } from "./store";
import { runDetail, runListItem, type RunDetail, type RunListItem } from "./views";

/** Where a start request comes from and what it may use. */
export interface StartContext {
  db: Db;
  secrets: SecretBox | null;
  /** HEADROOM_DATA_DIR: local models come from its `models` folder only. */
  dataDir: string;
  actor: Actor;
  now: Date;
}

/** Validates a benchmark request and queues it; throws BenchInputError naming the field. */
export async function startBenchRun(body: unknown, ctx: StartContext): Promise<number> {
  const { spec, plan, apiKey } = parseBenchRequest(body, modelsDir(ctx.dataDir));
  if (apiKey && !ctx.secrets) throw new BenchInputError("apiKey", "set HEADROOM_SECRET_KEY to store an API key");
  const target = spec.target.kind === "url" ? spec.target.url : spec.target.file;
  const config = planConfig(plan);
  const id = await enqueueBenchRun(ctx.db, {
    spec,
    config,
    target,
    model: spec.target.model,
    apiKeySealed: apiKey && ctx.secrets ? ctx.secrets.seal(apiKey) : null,
    requestedBy: { id: ctx.actor.id, label: ctx.actor.label },
    now: ctx.now,
  });
  // The key itself never goes to the audit log; that there was one does.
  await recordAudit(ctx.db, ctx.actor, "bench.start", { type: "bench-run", id: String(id) }, { target, model: spec.target.model, levels: config.levels, apiKey: apiKey !== null });
  return id;
}

/** Recent runs, newest first. */
export async function listRuns(db: Db, now: Date, limit = 50): Promise<RunListItem[]> {
  return (await listBenchRuns(db, { now, limit })).map(runListItem);
}

/** One run with its levels, or null. */
export async function readRun(db: Db, id: number, now: Date): Promise<RunDetail | null> {
  const found = await getBenchRun(db, id, now);
  return found ? runDetail(found.run, found.levels) : null;
}

/** Cancels a run (see cancelBenchRun) and records who did. */
export async function cancelRun(db: Db, id: number, actor: Actor, now: Date): Promise<CancelOutcome> {
  const outcome = await cancelBenchRun(db, id, now);
  if (outcome === "canceled" || outcome === "requested") await recordAudit(db, actor, "bench.cancel", { type: "bench-run", id: String(id) }, { outcome });
  return outcome;
}

/** A run id from a URL segment, or null when it is not one. */
export function parseRunId(text: string): number | null {
  return /^[1-9]\d{0,14}$/.test(text) ? Number(text) : null;
}
