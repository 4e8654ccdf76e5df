import { DatasourceError } from "@/lib/datasource";
import { promApiRoute } from "@/app/_server/prom-api";

const handler = promApiRoute("/api/v1/query_range", async (p, ds) => {
  const start = p.time("start");
  const end = p.time("end");
  const step = p.duration("step");
  if (start === undefined) throw new DatasourceError("bad_data", 'invalid parameter "start": parameter is missing');
  if (end === undefined) throw new DatasourceError("bad_data", 'invalid parameter "end": parameter is missing');
  if (step === undefined) throw new DatasourceError("bad_data", 'invalid parameter "step": parameter is missing');
  if (end < start) throw new DatasourceError("bad_data", 'invalid parameter "end": end timestamp must not be before start time');
  return ds.rangeQuery(p.required("query"), start, end, step, { timeoutMs: p.duration("timeout") });
});

/** Range query, as Prometheus's GET/POST /api/v1/query_range. */
export const GET = handler;
export const POST = handler;
