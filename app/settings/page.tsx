import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { SystemCard } from "@/components/system/system-card";
import { JobRunsTable } from "@/components/system/job-runs-table";
import { UsersPanel } from "@/components/settings/users-panel";
import { TokensPanel } from "@/components/settings/tokens-panel";
import { AuditTable } from "@/components/settings/audit-table";
import { DatasourcesPanel } from "@/components/settings/datasources-panel";
import { DemoPanel } from "@/components/settings/demo-panel";
import { demoStatus } from "@/lib/demo";
import { listStoredDatasources } from "@/lib/datasource";
import { listJobRuns } from "@/lib/jobs";
import { listApiTokens, listUsers, roleAllows } from "@/lib/auth";
import { listAudit } from "@/lib/audit";
import { getRuntime } from "@/lib/runtime";
import { requirePage } from "@/app/_server/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const me = await requirePage("viewer", "/settings");
  const rt = await getRuntime();
  const db = rt.database.db;
  const isAdmin = roleAllows(me.role, "admin");
  const [runs, tokens, users, audit, stored, demo] = await Promise.all([
    listJobRuns(db, 50),
    listApiTokens(db, me.userId),
    isAdmin ? listUsers(db) : Promise.resolve([]),
    isAdmin ? listAudit(db, 100) : Promise.resolve([]),
    listStoredDatasources(db),
    demoStatus(db, rt.config),
  ]);
  const configured = [...rt.datasources.values()].map((d) => ({ name: d.name, kind: d.kind }));
  return (
    <>
      <PageHeader title="Settings" description="This Headroom process, access, and background jobs." />
      <div className="grid">
        <SystemCard rt={rt} />
        <DemoPanel status={demo} canEdit={isAdmin} />
        <TokensPanel tokens={tokens} />
        <DatasourcesPanel configured={configured} stored={stored} canEdit={isAdmin} />
        {isAdmin ? <UsersPanel users={users} selfId={me.userId} /> : null}
        {isAdmin ? <AuditTable entries={audit} /> : null}
        <section className="card wide">
          <h2>Recent job runs</h2>
          <JobRunsTable runs={runs} />
        </section>
      </div>
    </>
  );
}
