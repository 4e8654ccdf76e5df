import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { ComingNext } from "@/components/shell/coming-next";

export const metadata: Metadata = { title: "Benchmarks" };

export default function BenchmarksPage() {
  return (
    <>
      <PageHeader title="Benchmarks" description="How much one replica carries at your SLO." />
      <ComingNext
        title="Not built yet"
        items={[
          "Runs against local GGUF models or OpenAI-compatible endpoints, with live progress",
          "Throughput against TTFT, TPOT, ITL and end-to-end latency percentiles, and goodput",
        ]}
      />
    </>
  );
}
