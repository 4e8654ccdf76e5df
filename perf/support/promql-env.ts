/** How busy the machine is apart from us, so a perf run can say when its figures may be noisy. */
import fs from "node:fs";
import os from "node:os";

function cpuTicks(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0); // idle + iowait
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null; // not Linux
  }
}

/**
 * Cores kept busy by other processes while this one sleeps for `ms` (Linux only, else null).
 * The load average would count our own loading work of the minutes before.
 */
export async function busyCores(ms = 2_000): Promise<number | null> {
  const a = cpuTicks();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTicks();
  if (!a || !b || b.total === a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * os.availableParallelism();
}
