import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { ComingNext } from "@/components/shell/coming-next";

export const metadata: Metadata = { title: "Explore" };

export default function ExplorePage() {
  return (
    <>
      <PageHeader title="Explore" description="Ask the metrics anything in PromQL." />
      <ComingNext
        title="Not built yet"
        items={[
          "A PromQL editor with completion of metric names, labels and functions",
          "Time range and step, a chart and a table of the result",
          "Errors shown where they occur in the query",
        ]}
      />
    </>
  );
}
