import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { ComingNext } from "@/components/shell/coming-next";

export const metadata: Metadata = { title: "Forecasts" };

export default function ForecastsPage() {
  return (
    <>
      <PageHeader title="Forecasts" description="Demand tomorrow, and the replicas it needs." />
      <ComingNext
        title="Not built yet"
        items={[
          "ARIMA-family forecasts of request rate against a seasonal-naive baseline",
          "A replica schedule from measured per-replica capacity, as HPA/KEDA manifests",
        ]}
      />
    </>
  );
}
