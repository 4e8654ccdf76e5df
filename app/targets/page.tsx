import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { ComingNext } from "@/components/shell/coming-next";

export const metadata: Metadata = { title: "Targets" };

export default function TargetsPage() {
  return (
    <>
      <PageHeader title="Targets" description="What Headroom scrapes, and how each target is doing." />
      <ComingNext
        title="Not built yet"
        items={[
          "Targets from scrape_configs and those added here",
          "Health, last scrape, duration, samples and last error per target",
        ]}
      />
    </>
  );
}
