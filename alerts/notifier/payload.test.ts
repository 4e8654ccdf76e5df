import { describe, expect, it } from "vitest";
import { alertmanagerAlerts, notificationIds, webhookPayload, type Notification } from "./payload";

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0); // 2024-05-01T12:00:00.000Z
const MIN = 60_000;

function note(id: number, status: Notification["status"], labels: Record<string, string>, over: Partial<Notification["alert"]> = {}): Notification {
  return {
    id,
    receiver: "ops",
    status,
    createdAt: T0 + 10 * MIN,
    alert: {
      fingerprint: `fp${id}`,
      labels,
      annotations: { summary: "errors are high" },
      startsAt: T0,
      endsAt: status === "resolved" ? T0 + 5 * MIN : null,
      value: 0.07,
      generatorURL: `http://headroom.local/alerts?rule=${labels.alertname}`,
      ...over,
    },
  };
}

const firing = note(1, "firing", { alertname: "HighErrorRatio", severity: "page", model: "a" }, { annotations: { summary: "errors are high", runbook: "r1" } });
const resolved = note(2, "resolved", { model: "b", alertname: "HighErrorRatio", severity: "page" }, { annotations: { summary: "errors are high", runbook: "r2" } });

describe("webhookPayload", () => {
  it("builds Alertmanager's version 4 body for a firing and a resolved alert, exactly", () => {
    const body = webhookPayload("ops", [firing, resolved], { externalURL: "http://headroom.local" });
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        version: "4",
        groupKey: '{}:{alertname="HighErrorRatio"}',
        truncatedAlerts: 0,
        status: "firing",
        receiver: "ops",
        groupLabels: { alertname: "HighErrorRatio" },
        commonLabels: { alertname: "HighErrorRatio", severity: "page" },
        commonAnnotations: { summary: "errors are high" },
        externalURL: "http://headroom.local",
        alerts: [
          {
            status: "firing",
            labels: { alertname: "HighErrorRatio", model: "a", severity: "page" },
            annotations: { runbook: "r1", summary: "errors are high" },
            startsAt: "2024-05-01T12:00:00.000Z",
            endsAt: "0001-01-01T00:00:00Z",
            generatorURL: "http://headroom.local/alerts?rule=HighErrorRatio",
            fingerprint: "fp1",
          },
          {
            status: "resolved",
            labels: { alertname: "HighErrorRatio", model: "b", severity: "page" },
            annotations: { runbook: "r2", summary: "errors are high" },
            startsAt: "2024-05-01T12:00:00.000Z",
            endsAt: "2024-05-01T12:05:00.000Z",
            generatorURL: "http://headroom.local/alerts?rule=HighErrorRatio",
            fingerprint: "fp2",
          },
        ],
      }),
    );
  });

  it.each<[string, Notification[], string, Record<string, string>, string]>([
    ["all resolved", [resolved], "resolved", { alertname: "HighErrorRatio" }, '{}:{alertname="HighErrorRatio"}'],
    ["one alertname", [firing, resolved], "firing", { alertname: "HighErrorRatio" }, '{}:{alertname="HighErrorRatio"}'],
    ["mixed alertnames", [firing, note(3, "resolved", { alertname: "QueueDeep" })], "firing", {}, "{}:{}"],
    ["no alertname label", [note(4, "firing", { job: "x" })], "firing", {}, "{}:{}"],
    ["a quote in the alertname", [note(5, "firing", { alertname: 'a"b' })], "firing", { alertname: 'a"b' }, '{}:{alertname="a\\"b"}'],
    ["empty batch", [], "resolved", {}, "{}:{}"],
  ])("status, groupLabels and groupKey: %s", (_name, batch, status, groupLabels, groupKey) => {
    const body = webhookPayload("ops", batch, { externalURL: "" }) as Record<string, unknown>;
    expect(body.status).toBe(status);
    expect(body.groupLabels).toEqual(groupLabels);
    expect(body.groupKey).toBe(groupKey);
  });

  it("takes a given groupKey as is", () => {
    expect((webhookPayload("ops", [firing], { externalURL: "", groupKey: "k" }) as { groupKey: string }).groupKey).toBe("k");
  });

  it.each<[string, Record<string, string>[], Record<string, string>]>([
    ["shared pairs only", [{ a: "1", b: "2" }, { a: "1", b: "3" }], { a: "1" }],
    ["a key missing from one alert", [{ a: "1", b: "2" }, { a: "1" }], { a: "1" }],
    ["nothing shared", [{ a: "1" }, { a: "2" }], {}],
    ["one alert: all of its pairs", [{ b: "2", a: "1" }], { a: "1", b: "2" }],
    ["an empty value is a value", [{ a: "" }, { a: "" }], { a: "" }],
  ])("commonLabels and commonAnnotations: %s", (_name, sets, common) => {
    const batch = sets.map((s, i) => note(i, "firing", s, { annotations: s }));
    const body = webhookPayload("ops", batch, { externalURL: "" }) as Record<string, unknown>;
    expect(JSON.stringify(body.commonLabels)).toBe(JSON.stringify(common));
    expect(JSON.stringify(body.commonAnnotations)).toBe(JSON.stringify(common));
  });
});

describe("endsAt", () => {
  it.each<[string, Notification, string, string | undefined]>([
    ["firing", firing, "0001-01-01T00:00:00Z", undefined],
    ["resolved", resolved, "2024-05-01T12:05:00.000Z", "2024-05-01T12:05:00.000Z"],
    ["resolved without an end time: when it was queued", note(6, "resolved", { alertname: "X" }, { endsAt: null }), "2024-05-01T12:10:00.000Z", "2024-05-01T12:10:00.000Z"],
    // The notification's status decides, not a stale endsAt on an alert that fired again.
    ["firing again with an old endsAt", note(7, "firing", { alertname: "X" }, { endsAt: T0 + MIN }), "0001-01-01T00:00:00Z", undefined],
  ])("%s", (_name, n, webhookEndsAt, apiEndsAt) => {
    const [w] = (webhookPayload("ops", [n], { externalURL: "" }) as { alerts: { endsAt: string }[] }).alerts;
    expect(w.endsAt).toBe(webhookEndsAt);
    const [a] = alertmanagerAlerts([n]) as Record<string, unknown>[];
    expect("endsAt" in a).toBe(apiEndsAt !== undefined);
    expect(a.endsAt).toBe(apiEndsAt);
  });
});

describe("alertmanagerAlerts", () => {
  it("builds the body of POST /api/v2/alerts, exactly", () => {
    expect(JSON.stringify(alertmanagerAlerts([firing, resolved]))).toBe(
      JSON.stringify([
        {
          labels: { alertname: "HighErrorRatio", model: "a", severity: "page" },
          annotations: { runbook: "r1", summary: "errors are high" },
          startsAt: "2024-05-01T12:00:00.000Z",
          generatorURL: "http://headroom.local/alerts?rule=HighErrorRatio",
        },
        {
          labels: { alertname: "HighErrorRatio", model: "b", severity: "page" },
          annotations: { runbook: "r2", summary: "errors are high" },
          startsAt: "2024-05-01T12:00:00.000Z",
          endsAt: "2024-05-01T12:05:00.000Z",
          generatorURL: "http://headroom.local/alerts?rule=HighErrorRatio",
        },
      ]),
    );
  });
});

describe("notificationIds", () => {
  it.each<[Notification[], string]>([
    [[firing, resolved], "1,2"],
    [[resolved], "2"],
    [[], ""],
  ])("%#", (batch, ids) => expect(notificationIds(batch)).toBe(ids));
});
