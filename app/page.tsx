import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { ComingNext } from "@/components/shell/coming-next";
import { SystemCard } from "@/components/system/system-card";
import { JobsCard } from "@/components/system/jobs-card";
import { summarizeJobs } from "@/lib/jobs";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const rt = await getRuntime();
  const jobs = await summarizeJobs(rt.database.db);
  return (
    <>
      <PageHeader title="Overview" description="How the inference fleet is doing right now." />
      <div className="grid">
        <ComingNext title="Fleet panels" items={[
          "P50 / P95 / P99 request latency, time to first token and inter-token latency",
          "4xx / 5xx error ratio, queue depth, tokens per second, KV-cache use",
          "Health of every scraped target",
        ]}>
          <p>
            These panels fill in from scraped metrics once targets are configured (see{" "}
            <Link href="/targets">Targets</Link>). No target is scraped yet, so nothing is shown rather than made-up numbers.
          </p>
        </ComingNext>
        <SystemCard rt={rt} />
        <JobsCard jobs={jobs} />
      </div>
    </>
  );
}
