import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { AddTargetForm } from "@/components/targets/add-target-form";
import { TargetsTable } from "@/components/targets/targets-table";
import { roleAllows } from "@/lib/auth";
import { getRuntime } from "@/lib/runtime";
import { listTargets, scrapeSetup, type JobTargets } from "@/lib/scrape";
import { requirePage } from "@/app/_server/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Targets" };

// Outside the component: reading the clock is the request's I/O, not part of rendering.
async function loadTargets(): Promise<JobTargets[]> {
  const rt = await getRuntime();
  return listTargets(rt.database.db, scrapeSetup(rt.config, /*turbopackIgnore: true*/ process.cwd()), Date.now());
}

export default async function TargetsPage() {
  const me = await requirePage("viewer", "/targets");
  const jobs = await loadTargets();
  const canEdit = roleAllows(me.role, "editor");
  const total = jobs.reduce((n, j) => n + j.targets.length, 0);
  const up = jobs.reduce((n, j) => n + j.up, 0);
  return (
    <>
      <PageHeader
        title="Targets"
        description={total > 0 ? `What Headroom scrapes, and how each target is doing: ${up} of ${total} up.` : "What Headroom scrapes, and how each target is doing."}
      />
      <div className="grid">
        {jobs.length === 0 ? (
          <section className="card wide empty">
            <h2>No targets yet</h2>
            Add <code>scrape_configs</code> to <code>headroom.yml</code>
            {canEdit ? " or add a target below" : ""}; see docs/scraping.md.
          </section>
        ) : null}
        {jobs.map((job) => (
          <TargetsTable key={job.job} job={job} canEdit={canEdit} />
        ))}
        {canEdit ? <AddTargetForm /> : null}
      </div>
    </>
  );
}
