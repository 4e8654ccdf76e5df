import { describe, expect, it } from "vitest";
import {
  AlertLimitError,
  alertFingerprint,
  nextAlerts,
  type Alert,
  type AlertingRule,
  type EvalSample,
  type NextAlerts,
  type StateOptions,
} from "./index";

const s = (seconds: number) => seconds * 1000;

function rule(over: Partial<AlertingRule> = {}): AlertingRule {
  const defaults = { forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, line: 1 };
  return { kind: "alert", name: "InstanceDown", expr: "up == 0", ...defaults, ...over };
}

// "a" is the series up{instance="a"} with value 1; "a=7" gives it the value 7.
function series(spec: string): EvalSample {
  const [instance, value = "1"] = spec.split("=");
  return { labels: { __name__: "up", instance }, value: Number(value) };
}

// One line per alert naming every field the state machine sets (times in s); null fields are left out.
function summary(a: Alert): string {
  const t = (name: string, ms: number | null) => (ms === null ? "" : ` ${name}=${ms / 1000}`);
  return `${a.labels.instance}=${a.value} ${a.state}${t("active", a.activeAt)}${t("fired", a.firedAt)}` +
    `${t("resolved", a.resolvedAt)}${t("keep", a.keepFiringSince)}${t("notified", a.lastNotifiedAt)}`;
}
const byInstance = (a: string, b: string) => (a < b ? -1 : 1);

/** [time in s, series returned, expected alerts, expected transitions as "status instance"]. */
type Step = [at: number, returned: string[], alerts: string[], transitions: string[]];

interface Scenario {
  name: string;
  rule?: Partial<AlertingRule>;
  opts?: Partial<StateOptions>;
  steps: Step[];
}

const scenarios: Scenario[] = [
  {
    name: "pending, then firing once `for` has passed",
    rule: { forMs: s(60) },
    steps: [
      [0, ["a"], ["a=1 pending active=0"], []],
      [30, ["a=2"], ["a=2 pending active=0"], []],
      [60, ["a=3"], ["a=3 firing active=0 fired=60 notified=60"], ["firing a"]],
      [90, ["a"], ["a=1 firing active=0 fired=60 notified=60"], []],
    ],
  },
  {
    name: "for=0 fires in the first evaluation",
    steps: [
      [10, ["a", "b"], ["a=1 firing active=10 fired=10 notified=10", "b=1 firing active=10 fired=10 notified=10"], ["firing a", "firing b"]],
    ],
  },
  {
    name: "a flapping series: a vanished pending alert is dropped silently and starts over",
    rule: { forMs: s(60), keepFiringForMs: s(300) },
    steps: [
      [0, ["a", "b"], ["a=1 pending active=0", "b=1 pending active=0"], []],
      [30, ["b"], ["b=1 pending active=0"], []],
      [60, ["a", "b"], ["a=1 pending active=60", "b=1 firing active=0 fired=60 notified=60"], ["firing b"]],
      [120, ["a"], ["a=1 firing active=60 fired=120 notified=120", "b=1 firing active=0 fired=60 keep=120 notified=60"], ["firing a"]],
    ],
  },
  {
    name: "resolving, then dropping the inactive alert after the retention",
    opts: { resolvedRetentionMs: s(900) },
    steps: [
      [0, ["a=5"], ["a=5 firing active=0 fired=0 notified=0"], ["firing a"]],
      [60, [], ["a=5 inactive active=0 fired=0 resolved=60 notified=0"], ["resolved a"]],
      [959, [], ["a=5 inactive active=0 fired=0 resolved=60 notified=0"], []],
      [960, [], [], []],
    ],
  },
  {
    name: "the default retention is 15 minutes",
    steps: [
      [0, ["a"], ["a=1 firing active=0 fired=0 notified=0"], ["firing a"]],
      [1, [], ["a=1 inactive active=0 fired=0 resolved=1 notified=0"], ["resolved a"]],
      [900, [], ["a=1 inactive active=0 fired=0 resolved=1 notified=0"], []],
      [901, [], [], []],
    ],
  },
  {
    name: "a resolved alert that comes back is a new pending alert",
    rule: { forMs: s(60) },
    steps: [
      [0, ["a"], ["a=1 pending active=0"], []],
      [60, ["a"], ["a=1 firing active=0 fired=60 notified=60"], ["firing a"]],
      [120, [], ["a=1 inactive active=0 fired=60 resolved=120 notified=60"], ["resolved a"]],
      [180, ["a=2"], ["a=2 pending active=180"], []],
      [240, ["a"], ["a=1 firing active=180 fired=240 notified=240"], ["firing a"]],
    ],
  },
  {
    name: "keep_firing_for holds a vanished firing alert, resets when it returns, then resolves",
    rule: { keepFiringForMs: s(120) },
    steps: [
      [0, ["a=9"], ["a=9 firing active=0 fired=0 notified=0"], ["firing a"]],
      [60, [], ["a=9 firing active=0 fired=0 keep=60 notified=0"], []],
      [179, [], ["a=9 firing active=0 fired=0 keep=60 notified=0"], []],
      [200, ["a=4"], ["a=4 firing active=0 fired=0 notified=0"], []],
      [210, [], ["a=4 firing active=0 fired=0 keep=210 notified=0"], []],
      [330, [], ["a=4 inactive active=0 fired=0 resolved=330 notified=0"], ["resolved a"]],
    ],
  },
  {
    name: "repeat_interval re-notifies a firing alert, also one held by keep_firing_for",
    rule: { keepFiringForMs: s(7200) },
    opts: { repeatIntervalMs: s(3600) },
    steps: [
      [0, ["a"], ["a=1 firing active=0 fired=0 notified=0"], ["firing a"]],
      [3599, ["a"], ["a=1 firing active=0 fired=0 notified=0"], []],
      [3600, ["a"], ["a=1 firing active=0 fired=0 notified=3600"], ["firing a"]],
      [7200, [], ["a=1 firing active=0 fired=0 keep=7200 notified=7200"], ["firing a"]],
    ],
  },
  {
    name: "the default repeat interval is 4 hours",
    steps: [
      [0, ["a"], ["a=1 firing active=0 fired=0 notified=0"], ["firing a"]],
      [14399, ["a"], ["a=1 firing active=0 fired=0 notified=0"], []],
      [14400, ["a"], ["a=1 firing active=0 fired=0 notified=14400"], ["firing a"]],
    ],
  },
  {
    name: "repeat_interval 0 never re-notifies",
    opts: { repeatIntervalMs: 0 },
    steps: [
      [0, ["a"], ["a=1 firing active=0 fired=0 notified=0"], ["firing a"]],
      [864000, ["a"], ["a=1 firing active=0 fired=0 notified=0"], []],
    ],
  },
  {
    name: "a NaN sample is still an alert",
    steps: [[0, ["a=NaN"], ["a=NaN firing active=0 fired=0 notified=0"], ["firing a"]]],
  },
];

describe("nextAlerts over a timeline", () => {
  it.each(scenarios)("$name", ({ rule: over, opts, steps }) => {
    const r = rule(over);
    let alerts: Alert[] = [];
    for (const [at, returned, expectedAlerts, expectedTransitions] of steps) {
      const next = nextAlerts(r, alerts, returned.map(series), { now: s(at), ...opts });
      expect({ at, alerts: next.alerts.map(summary).sort(byInstance) }).toEqual({ at, alerts: expectedAlerts });
      const transitions = next.transitions.map((t) => `${t.status} ${t.alert.labels.instance}`).sort(byInstance);
      expect({ at, transitions }).toEqual({ at, transitions: expectedTransitions });
      alerts = next.alerts;
    }
  });
});

const sample = (labels: Record<string, string>, value = 1): EvalSample => ({ labels, value });
const once = (r: AlertingRule, samples: EvalSample[], opts: Partial<StateOptions> = {}): NextAlerts =>
  nextAlerts(r, [], samples, { now: 0, ...opts });

describe("nextAlerts labels and annotations", () => {
  it.each<[string, Partial<AlertingRule>, Partial<StateOptions>, EvalSample, Record<string, string>, Record<string, string>]>([
    [
      "drops __name__, adds the rule's labels and alertname",
      { labels: { severity: "page" } },
      {},
      sample({ __name__: "up", instance: "gpu-1:8000", job: "vllm" }),
      { alertname: "InstanceDown", instance: "gpu-1:8000", job: "vllm", severity: "page" },
      {},
    ],
    [
      "expands $labels, $value and $externalLabels in labels and annotations",
      {
        labels: { target: "{{ $labels.instance }}/{{ $labels.job }}", at: "{{ $externalLabels.cluster }}" },
        annotations: { summary: "{{ $labels.instance }} is at {{ $value }}", value: "{{ humanize $value }}" },
      },
      { externalLabels: { cluster: "eu-1" } },
      sample({ __name__: "load", instance: "gpu-1", job: "vllm" }, 1234567.891),
      { alertname: "InstanceDown", at: "eu-1", instance: "gpu-1", job: "vllm", target: "gpu-1/vllm" },
      { summary: "gpu-1 is at 1.234567891e+06", value: "1.235M" },
    ],
    [
      "an empty expanded value removes the label, a literal empty one too",
      { labels: { job: '{{ "" }}', zone: "" } },
      {},
      sample({ instance: "a", job: "vllm", zone: "z1" }),
      { alertname: "InstanceDown", instance: "a" },
      {},
    ],
    [
      "templates do not see __name__",
      { labels: { metric: "[{{ $labels.__name__ }}]" } },
      {},
      sample({ __name__: "up", instance: "a" }),
      { alertname: "InstanceDown", instance: "a", metric: "[<no value>]" },
      {},
    ],
    [
      "alertname is the rule's name, over the series' and the rule's labels",
      { labels: { alertname: "Other" } },
      {},
      sample({ alertname: "FromSeries", instance: "a" }),
      { alertname: "InstanceDown", instance: "a" },
      {},
    ],
    [
      "group labels are added and templated, the rule's own labels win",
      { labels: { team: "llm" } },
      { groupLabels: { team: "infra", site: "{{ $labels.dc }}-x" } },
      sample({ dc: "fra", team: "series" }),
      { alertname: "InstanceDown", dc: "fra", site: "fra-x", team: "llm" },
      {},
    ],
    [
      "a template error is kept as Prometheus shows it, annotations may be empty",
      { annotations: { bad: "{{ $nope }}", empty: "" } },
      {},
      sample({ instance: "a" }),
      { alertname: "InstanceDown", instance: "a" },
      { bad: '<error expanding template: undefined variable "$nope">', empty: "" },
    ],
  ])("%s", (_name, over, opts, smpl, labels, annotations) => {
    const [alert] = once(rule(over), [smpl], opts).alerts;
    expect(alert.labels).toEqual(labels);
    expect(Object.keys(alert.labels)).toEqual(Object.keys(labels).sort());
    expect(alert.annotations).toEqual(annotations);
    expect(alert.fingerprint).toBe(alertFingerprint(labels));
  });
});

// A stored alert of the test rule, as a previous evaluation (or the database) hands it back.
const firing = (instance: string, over: Partial<Alert> = {}): Alert => ({
  fingerprint: alertFingerprint({ alertname: "InstanceDown", instance }),
  labels: { alertname: "InstanceDown", instance },
  annotations: {},
  state: "firing",
  value: 1,
  activeAt: 0,
  firedAt: 0,
  resolvedAt: null,
  keepFiringSince: null,
  lastNotifiedAt: 0,
  ...over,
});

describe("nextAlerts from stored alerts", () => {
  it.each<[string, Partial<AlertingRule>, Alert, string[], number, string, string[]]>([
    [
      "a firing alert never notified is not re-sent",
      {}, firing("a", { lastNotifiedAt: null }), ["a"], s(86400), "a=1 firing active=0 fired=0", [],
    ],
    [
      "a pending alert fires once `for` has passed since activeAt",
      { forMs: s(300) }, firing("a", { state: "pending", firedAt: null, lastNotifiedAt: null }), ["a=3"], s(300),
      "a=3 firing active=0 fired=300 notified=300", ["firing a"],
    ],
    [
      "an inactive alert past its retention that comes back is pending",
      { forMs: s(60) }, firing("a", { state: "inactive", resolvedAt: s(10) }), ["a"], s(10_000), "a=1 pending active=10000", [],
    ],
  ])("%s", (_name, over, stored, returned, now, expected, transitions) => {
    const next = nextAlerts(rule(over), [stored], returned.map(series), { now });
    expect(next.alerts.map(summary)).toEqual([expected]);
    expect(next.transitions.map((t) => `${t.status} ${t.alert.labels.instance}`)).toEqual(transitions);
  });
});

describe("nextAlerts errors", () => {
  it.each<[string, Partial<AlertingRule>, Alert[], EvalSample[], number, string | null]>([
    [
      "two series that differ only in __name__",
      {}, [], [sample({ __name__: "a", instance: "x" }), sample({ __name__: "b", instance: "x" })], 0,
      "vector contains metrics with the same labelset after applying alert labels",
    ],
    [
      "two series made equal by a rule label",
      { labels: { job: "" } }, [], [sample({ instance: "x", job: "a" }), sample({ instance: "x", job: "b" })], 0,
      "vector contains metrics with the same labelset after applying alert labels",
    ],
    ["more alerts than the limit", {}, [], ["a", "b", "c"].map(series), 2, "exceeded limit of 2 with 3 alerts"],
    ["exactly the limit", {}, [], ["a", "b"].map(series), 2, null],
    ["a limit of 0 is no limit", {}, [], ["a", "b", "c"].map(series), 0, null],
    [
      "a firing alert held by keep_firing_for counts toward the limit",
      { keepFiringForMs: s(60) }, [firing("old")], [series("a")], 1, "exceeded limit of 1 with 2 alerts",
    ],
    [
      "a resolved alert does not count toward the limit",
      {}, [firing("old", { state: "inactive", resolvedAt: 0 })], [series("a")], 1, null,
    ],
  ])("%s", (_name, over, previous, samples, limit, message) => {
    const run = () => nextAlerts(rule(over), previous, samples, { now: s(1), limit });
    if (message === null) {
      expect(run).not.toThrow();
      return;
    }
    expect(run).toThrow(message);
    let err: unknown;
    try {
      run();
    } catch (e) {
      err = e;
    }
    expect(err instanceof AlertLimitError).toBe(message.startsWith("exceeded limit"));
  });
});

describe("alertFingerprint", () => {
  it.each<[string, Record<string, string>, Record<string, string>, boolean]>([
    ["the same pairs in another order", { a: "1", b: "2", c: "3" }, { c: "3", a: "1", b: "2" }, true],
    ["a different value", { a: "1", b: "2" }, { a: "1", b: "3" }, false],
    ["a value swapped between names", { a: "1", b: "2" }, { a: "2", b: "1" }, false],
    ["separators moved into a value", { a: "1,b=2" }, { a: "1", b: "2" }, false],
    ["an extra empty label", { a: "1" }, { a: "1", b: "" }, false],
  ])("%s", (_name, x, y, same) => {
    expect(alertFingerprint(x) === alertFingerprint(y)).toBe(same);
    expect(alertFingerprint(x)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("nextAlerts output", () => {
  const deepFreeze = <T>(v: T): T => {
    if (v && typeof v === "object") for (const x of Object.values(v)) deepFreeze(x);
    return Object.freeze(v);
  };

  it("sorts alerts and transitions by fingerprint", () => {
    const instances = Array.from({ length: 12 }, (_, i) => `i${i}`);
    const { alerts, transitions } = once(rule(), instances.map(series));
    const fingerprints = alerts.map((a) => a.fingerprint);
    expect(fingerprints).toHaveLength(12);
    expect(fingerprints).toEqual([...fingerprints].sort());
    expect(new Set(fingerprints).size).toBe(12);
    expect(transitions.map((t) => t.alert.fingerprint)).toEqual(fingerprints);
  });

  it("never mutates its inputs and returns new alert objects", () => {
    const r = deepFreeze(rule({ forMs: s(60), keepFiringForMs: s(60), labels: { sev: "page" }, annotations: { s: "x" } }));
    const first = once(r, ["a", "b", "c"].map(series));
    const second = nextAlerts(r, first.alerts, ["a", "b"].map(series), { now: s(60) });
    const previous = deepFreeze(second.alerts);
    const snapshot = structuredClone(previous);
    const samples = deepFreeze(["a=2"].map(series));
    const third = nextAlerts(r, previous, samples, { now: s(120), externalLabels: deepFreeze({ x: "y" }) });
    expect(previous).toEqual(snapshot);
    expect(samples).toEqual([series("a=2")]);
    expect(third.alerts.map((a) => `${a.labels.instance} ${a.state}`)).toEqual(
      expect.arrayContaining(["a firing", "b firing"]),
    );
    for (const a of third.alerts) {
      const old = previous.find((p) => p.fingerprint === a.fingerprint);
      expect(old).toBeDefined();
      expect(a).not.toBe(old);
      expect(a.labels).not.toBe(old?.labels);
      expect(a.annotations).not.toBe(old?.annotations);
    }
  });
});
