import { METRIC_NAME, type Labels } from "@/lib/model";

/**
 * Adds the target's labels (job, instance, configured ones) to a scraped sample's labels.
 * honor_labels false: the target's value wins, and a clashing scraped label is kept as
 * `exported_<name>` (prefixed again while that name is taken too). honor_labels true: the scraped
 * value wins and the target's is dropped.
 */
export function mergeTargetLabels(scraped: Labels, target: Labels, honorLabels: boolean): Record<string, string> {
  const out: Record<string, string> = { ...scraped };
  if (honorLabels) {
    for (const [name, value] of Object.entries(target)) {
      if (!out[name]) out[name] = value;
    }
    return out;
  }
  const conflicts: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(target)) {
    const existing = out[name];
    if (existing) conflicts.push([name, existing]);
    out[name] = value;
  }
  // Shorter names first, as Prometheus does, so the result does not depend on label order.
  conflicts.sort((a, b) => a[0].length - b[0].length);
  for (const [name, value] of conflicts) {
    let exported = `exported_${name}`;
    while (out[exported]) exported = `exported_${exported}`;
    out[exported] = value;
  }
  return out;
}

/** The labels of a per-scrape series such as `up`: the target's labels and the name. */
export function reportLabels(name: string, target: Labels): Labels {
  return { ...target, [METRIC_NAME]: name };
}
