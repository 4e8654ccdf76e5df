import { describe, expect, it } from "vitest";
import { mergeTargetLabels, reportLabels } from "./labels";

describe("mergeTargetLabels", () => {
  const target = { job: "vllm", instance: "10.0.0.5:8000", zone: "eu-1" };

  it("adds the target's labels to a sample without clashes", () => {
    expect(mergeTargetLabels({ __name__: "up_time", model: "m" }, target, false)).toEqual({
      __name__: "up_time",
      model: "m",
      ...target,
    });
  });

  it.each([
    [
      "target labels win and scraped ones are kept as exported_<name>",
      { __name__: "x", job: "inner", instance: "pod-1" },
      false,
      { __name__: "x", ...target, exported_job: "inner", exported_instance: "pod-1" },
    ],
    [
      "an exported_ name already taken gets prefixed again",
      { __name__: "x", job: "inner", exported_job: "older" },
      false,
      { __name__: "x", ...target, exported_job: "older", exported_exported_job: "inner" },
    ],
    [
      "honor_labels keeps the scraped values and drops the clashing target ones",
      { __name__: "x", job: "inner", instance: "pod-1" },
      true,
      { __name__: "x", job: "inner", instance: "pod-1", zone: "eu-1" },
    ],
    [
      "honor_labels still adds target labels the sample lacks",
      { __name__: "x" },
      true,
      { __name__: "x", ...target },
    ],
  ])("%s", (_name, scraped, honor, want) => {
    expect(mergeTargetLabels(scraped, target, honor)).toEqual(want);
  });

  it("does not modify the scraped labels", () => {
    const scraped = { __name__: "x", job: "inner" };
    mergeTargetLabels(scraped, target, false);
    expect(scraped).toEqual({ __name__: "x", job: "inner" });
  });
});

describe("reportLabels", () => {
  it("is the target's labels with the metric name", () => {
    expect(reportLabels("up", { job: "a", instance: "b" })).toEqual({ __name__: "up", job: "a", instance: "b" });
  });
});
