import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { SystemCard } from "@/components/system/system-card";
import { JobRunsTable } from "@/components/system/job-runs-table";
import { listJobRuns } from "@/lib/jobs";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const rt = await getRuntime();
  const runs = await listJobRuns(rt.database.db, 50);
  return (
    <>
      <PageHeader title="Settings" description="This Headroom process, its configuration and its background jobs." />
      <div className="grid">
        <SystemCard rt={rt} />
        <section className="card wide">
          <h2>Recent job runs</h2>
          <JobRunsTable runs={runs} />
        </section>
      </div>
    </>
  );
}
