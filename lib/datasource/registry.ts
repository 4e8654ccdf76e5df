import type { HeadroomConfig } from "@/lib/config";
import type { Tsdb } from "@/lib/tsdb";
import { DEFAULT_DENY } from "@/lib/net";
import { EmbeddedDatasource } from "./embedded";
import { PrometheusDatasource } from "./prometheus";
import { loadStoredDatasources } from "./stored";
import type { Db } from "@/db/client";
import type { SecretBox } from "@/lib/secrets";
import { DatasourceError, type Datasource } from "./types";

/** The name of the always-present datasource over the embedded store. */
export const EMBEDDED = "embedded";

/** Every configured datasource by name, the embedded one first. */
export function buildDatasources(config: HeadroomConfig, tsdb: Tsdb): Map<string, Datasource> {
  const map = new Map<string, Datasource>([[EMBEDDED, new EmbeddedDatasource(EMBEDDED, tsdb)]]);
  for (const d of config.datasources) {
    map.set(
      d.name,
      new PrometheusDatasource({
        name: d.name,
        url: d.url,
        timeoutMs: d.timeout,
        retries: d.retries,
        basicAuth: d.basic_auth ?? null,
        bearerToken: d.authorization?.credentials ?? null,
        insecureSkipVerify: d.tls_config?.insecure_skip_verify ?? false,
        deny: DEFAULT_DENY,
      }),
    );
  }
  return map;
}

/**
 * Every datasource: the configured ones plus those added on the Settings page, read fresh from
 * the database so that every process sees additions at once.
 */
export async function allDatasources(configured: Map<string, Datasource>, db: Db, box: SecretBox | null): Promise<Map<string, Datasource>> {
  const all = new Map(configured);
  const { live } = await loadStoredDatasources(db, box);
  for (const d of live) if (!all.has(d.name)) all.set(d.name, d);
  return all;
}

/** The named datasource (the embedded one when no name is given), or a not_found error. */
export function pickDatasource(all: Map<string, Datasource>, name?: string | null): Datasource {
  const ds = all.get(name || EMBEDDED);
  if (!ds) throw new DatasourceError("not_found", `no datasource named "${name}" (have: ${[...all.keys()].join(", ")})`);
  return ds;
}
