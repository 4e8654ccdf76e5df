import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { ComingNext } from "@/components/shell/coming-next";

export const metadata: Metadata = { title: "Reports" };

export default function ReportsPage() {
  return (
    <>
      <PageHeader title="Reports" description="Scheduled forecast and capacity reports, sent to chat." />
      <ComingNext
        title="Not built yet"
        items={[
          "Report schedules, their receivers and the history of what was sent",
        ]}
      />
    </>
  );
}
