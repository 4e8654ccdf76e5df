import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { CompareView } from "@/components/bench/compare-view";
import { parseRunId, readRun, type RunDetail } from "@/lib/bench";
import { getRuntime } from "@/lib/runtime";
import { requirePage } from "@/app/_server/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare benchmarks" };

/** At most this many runs side by side: more columns stop being readable. */
const MAX_RUNS = 6;

async function load(ids: number[]): Promise<{ runs: RunDetail[]; missing: number[] }> {
  const rt = await getRuntime();
  const found = await Promise.all(ids.map((id) => readRun(rt.database.db, id, new Date())));
  return { runs: found.filter((r): r is RunDetail => r !== null), missing: ids.filter((_, i) => !found[i]) };
}

export default async function CompareBenchmarksPage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const q = await searchParams;
  await requirePage("viewer", `/benchmarks/compare${q.ids ? `?ids=${encodeURIComponent(q.ids)}` : ""}`);
  const parsed = (q.ids ?? "").split(",").map((s) => parseRunId(s.trim()));
  const ids = [...new Set(parsed.filter((n): n is number => n !== null))].slice(0, MAX_RUNS);
  const { runs, missing } = ids.length > 0 ? await load(ids) : { runs: [], missing: [] };
  return (
    <>
      <PageHeader title="Benchmarks" description="Runs side by side, their sweeps on one chart." />
      {runs.length < 2 ? (
        <section className="card wide empty">
          Pick at least two runs on the <Link href="/benchmarks">Benchmarks</Link> page (or give <code>?ids=1,2</code>, up to {MAX_RUNS}).
        </section>
      ) : null}
      {missing.length > 0 ? <p className="form-error">No run {missing.map((m) => `#${m}`).join(", ")}.</p> : null}
      {runs.length >= 2 ? <CompareView runs={runs} /> : null}
    </>
  );
}
