import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { NewRunForm } from "@/components/bench/new-run-form";
import { RunsTable } from "@/components/bench/runs-table";
import { roleAllows } from "@/lib/auth";
import { listModelFiles, listRuns, modelsDir } from "@/lib/bench";
import { getRuntime } from "@/lib/runtime";
import { requirePage } from "@/app/_server/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Benchmarks" };

// Outside the component: reading the clock and the models folder is the request's I/O.
async function load() {
  const rt = await getRuntime();
  return { runs: await listRuns(rt.database.db, new Date()), models: listModelFiles(modelsDir(rt.config.database.dataDir)) };
}

export default async function BenchmarksPage() {
  const me = await requirePage("viewer", "/benchmarks");
  const { runs, models } = await load();
  const canEdit = roleAllows(me.role, "editor");
  return (
    <>
      <PageHeader title="Benchmarks" description="How much one replica carries at your SLO: throughput against TTFT, TPOT, ITL and end-to-end latency across a load sweep." />
      <div className="grid">
        <section className="card wide" aria-labelledby="runs-title">
          <h2 id="runs-title">Runs</h2>
          <RunsTable runs={runs} />
        </section>
        {canEdit ? <NewRunForm models={models} /> : null}
      </div>
    </>
  );
}
