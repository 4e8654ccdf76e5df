import { describe, expect, it } from "vitest";
import { DEMO_JOB, DEMO_LABELS, demoDecision, isDemoTarget, type DemoInputs } from "./decision";

const demoRow = { job: DEMO_JOB, labels: { ...DEMO_LABELS } };
const theirs = { job: "vllm", labels: {} };
const base: DemoInputs = { configEnabled: true, settingEnabled: null, configuredJobs: 0, dbTargets: [] };

describe("demoDecision", () => {
  it.each<[string, Partial<DemoInputs>, boolean, RegExp]>([
    ["a fresh start", {}, true, /no targets of your own/],
    ["only the demo's own target", { dbTargets: [demoRow] }, true, /no targets/],
    ["the setting switched on explicitly", { settingEnabled: true }, true, /no targets/],
    ["HEADROOM_DEMO=off", { configEnabled: false }, false, /configuration/],
    ["switched off on the Settings page", { settingEnabled: false }, false, /Settings page/],
    ["a scrape_configs entry in headroom.yml", { configuredJobs: 1 }, false, /scrape_configs/],
    ["a target added on the Targets page", { dbTargets: [demoRow, theirs] }, false, /1 target added/],
    ["two targets added", { dbTargets: [theirs, { ...theirs, job: "tgi" }] }, false, /2 targets added/],
    ["a target in the demo's job without the demo label", { dbTargets: [{ job: DEMO_JOB, labels: {} }] }, false, /1 target/],
    ["a demo-labelled target of another job", { dbTargets: [{ job: "x", labels: { demo: "true" } }] }, false, /1 target/],
    ["the configuration wins over the setting", { configEnabled: false, settingEnabled: true }, false, /configuration/],
  ])("%s", (_name, change, on, reason) => {
    const d = demoDecision({ ...base, ...change });
    expect(d.on).toBe(on);
    expect(d.reason).toMatch(reason);
  });
});

describe("isDemoTarget", () => {
  it.each([
    [demoRow, true],
    [{ job: DEMO_JOB, labels: { demo: "false" } }, false],
    [theirs, false],
  ])("%j -> %s", (row, expected) => {
    expect(isDemoTarget(row)).toBe(expected);
  });
});
