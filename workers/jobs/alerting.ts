import path from "node:path";
import type { Runtime } from "@/lib/runtime";
import { DEFAULT_DENY, outboundPolicy } from "@/lib/net";
import { ruleGroupEvals } from "@/db/schema";
import { evaluateGroup, groupKey, loadRuleFiles, type EvalDeps, type RuleGroup } from "@/alerts/rules";
import { deliverDue } from "@/alerts/notifier";
import { createReceiver, type Receiver } from "@/alerts/receivers";
import type { JobSpec } from "../runner";

/** How often the notify job looks for due notifications. */
const NOTIFY_EVERY_MS = 2_000;

/**
 * The rules job: each run re-reads rule_files (an invalid edit keeps the last good rules and is
 * logged), then evaluates every group whose interval has passed since its last evaluation, as
 * rule_group_evals records it, so a restarted or new worker neither repeats nor skips a slot.
 */
export function rulesJob(rt: Runtime, log: (line: string) => void = console.log): JobSpec {
  const cfg = rt.config;
  const baseDir = cfg.file ? path.dirname(cfg.file) : /*turbopackIgnore: true*/ process.cwd();
  const globalMs = cfg.global.evaluation_interval;
  let groups: RuleGroup[] = [];
  let lastProblem = "";
  const embedded = rt.datasources.get("embedded");
  const deps: EvalDeps | null = embedded
    ? {
        db: rt.database.db,
        datasource: embedded,
        appender: rt.tsdb,
        receivers: cfg.alerting.receivers.map((r) => r.name),
        externalLabels: cfg.global.external_labels,
        externalURL: cfg.alerting.external_url,
        repeatIntervalMs: cfg.alerting.repeat_interval,
      }
    : null;
  return {
    name: "rules",
    intervalMs: Math.min(globalMs, 5_000),
    leaseMs: 15_000,
    async run({ now, signal }) {
      try {
        groups = loadRuleFiles(cfg.rule_files, baseDir).groups;
        lastProblem = "";
      } catch (err) {
        const problem = (err as Error).message;
        if (problem !== lastProblem) log(`rules: rule files not reloaded, keeping the last good ones:\n${problem}`);
        lastProblem = problem;
      }
      if (!deps) return;
      // One read of every group's last evaluation per tick, not one per group.
      const last = new Map((await rt.database.db.select().from(ruleGroupEvals)).map((r) => [r.group, r.lastEvalAt]));
      for (const group of groups) {
        if (signal.aborted) return;
        const every = group.intervalMs ?? globalMs;
        // Evaluation times are aligned to the interval, as Prometheus aligns them.
        const slot = Math.floor(now / every) * every;
        if ((last.get(groupKey(group)) ?? -Infinity) >= slot) continue;
        const result = await evaluateGroup(deps, group, slot);
        for (const e of result.errors) log(`rules: ${group.file}: group ${group.name}: rule ${e.rule}: ${e.message}`);
      }
    },
  };
}

/** The notify job: delivers the notification outbox to the configured receivers. */
export function notifyJob(rt: Runtime, log: (line: string) => void = console.log): JobSpec {
  const cfg = rt.config.alerting;
  const policy = outboundPolicy({ deny: DEFAULT_DENY });
  const senders = new Map<string, Receiver>(
    cfg.receivers.map((r) => [r.name, createReceiver({ name: r.name, type: r.type, url: r.url, timeoutMs: r.timeout }, { policy, externalURL: cfg.external_url })]),
  );
  return {
    name: "notify",
    intervalMs: NOTIFY_EVERY_MS,
    leaseMs: 15_000,
    async run({ now, signal }) {
      const r = await deliverDue(rt.database.db, senders, { now, retryForMs: cfg.retry_for, signal });
      if (r.failed > 0) log(`notify: ${r.failed} notification(s) given up`);
    },
  };
}
