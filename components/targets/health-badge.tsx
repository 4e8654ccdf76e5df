import type { TargetHealth } from "@/lib/scrape";

const CLASS: Record<TargetHealth, string> = { up: "badge ok", down: "badge error", unknown: "badge" };

/** A target's health as a badge: up, down, or unknown before its first scrape. */
export function HealthBadge({ health }: { health: TargetHealth }) {
  return <span className={CLASS[health] ?? "badge"}>{health}</span>;
}
