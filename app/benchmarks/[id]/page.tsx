import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/shell/page-header";
import { RunView } from "@/components/bench/run-view";
import { roleAllows } from "@/lib/auth";
import { parseRunId, readRun } from "@/lib/bench";
import { getRuntime } from "@/lib/runtime";
import { requirePage } from "@/app/_server/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Benchmark run" };

async function load(id: number) {
  const rt = await getRuntime();
  return readRun(rt.database.db, id, new Date());
}

export default async function BenchmarkRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: text } = await params;
  const me = await requirePage("viewer", `/benchmarks/${encodeURIComponent(text)}`);
  const id = parseRunId(text);
  const run = id === null ? null : await load(id);
  if (!run) notFound();
  return (
    <>
      <PageHeader title="Benchmarks" description="One run: its progress while it runs, then its figures per level and its sweep." />
      <RunView initial={run} canEdit={roleAllows(me.role, "editor")} />
    </>
  );
}
