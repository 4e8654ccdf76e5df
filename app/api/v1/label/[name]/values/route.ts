import { DatasourceError } from "@/lib/datasource";
import { promApiRoute } from "@/app/_server/prom-api";

type Ctx = { params: Promise<{ name: string }> };

/** Values of one label, as Prometheus's /api/v1/label/<name>/values. */
export const GET = promApiRoute<Ctx>("/api/v1/label/[name]/values", async (p, ds, ctx) => {
  const { name } = await ctx.params;
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) && !name.startsWith("U__")) {
    throw new DatasourceError("bad_data", `invalid label name: "${name}"`);
  }
  return { data: await ds.labelValues(name, p.all("match[]"), p.time("start"), p.time("end")) };
});
