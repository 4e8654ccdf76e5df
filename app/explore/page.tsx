import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { ExploreView } from "@/components/explore/explore-view";
import { RANGES } from "@/components/explore/ranges";
import { EMBEDDED } from "@/lib/datasource";
import { datasourcesOf, getRuntime } from "@/lib/runtime";

export const metadata: Metadata = { title: "Explore" };
export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | undefined>>;

export default async function ExplorePage({ searchParams }: { searchParams: Search }) {
  const rt = await getRuntime();
  const q = await searchParams;
  const datasources = [...(await datasourcesOf(rt)).keys()];
  const initial = {
    expr: q.expr ?? "",
    range: q.range && q.range in RANGES ? q.range : "1h",
    step: q.step ?? "auto",
    datasource: q.datasource && datasources.includes(q.datasource) ? q.datasource : EMBEDDED,
    tab: q.tab === "table" ? ("table" as const) : ("graph" as const),
  };
  return (
    <>
      <PageHeader title="Explore" description="Ask the metrics anything in PromQL." />
      <ExploreView initial={initial} datasources={datasources} />
    </>
  );
}
