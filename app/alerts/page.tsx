import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { ComingNext } from "@/components/shell/coming-next";

export const metadata: Metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    <>
      <PageHeader title="Alerts" description="Rules, firing alerts, silences and where notifications go." />
      <ComingNext
        title="Not built yet"
        items={[
          "Alert rules such as error ratio above 5% for 5 minutes, and their state",
          "Receivers: Slack, Teams, Discord, Feishu/Lark, DingTalk, WeCom, webhooks, Alertmanager",
          "Silences and the notification history",
        ]}
      />
    </>
  );
}
