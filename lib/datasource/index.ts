export { DatasourceError, isDatasourceError, successJson, type Datasource, type QueryData, type QueryResponse, type WireSample, type CallOptions, type DatasourceErrorType, type MetadataMap } from "./types";
export { PrometheusDatasource, type PrometheusDatasourceConfig } from "./prometheus";
export { EmbeddedDatasource } from "./embedded";
export { buildDatasources, pickDatasource, allDatasources, EMBEDDED } from "./registry";
export {
  datasourceInputSchema,
  listStoredDatasources,
  createStoredDatasource,
  deleteStoredDatasource,
  loadStoredDatasources,
  type DatasourceInput,
  type StoredDatasourceView,
} from "./stored";
export { ApiParams, parseApiTime, parseApiDuration } from "./api-params";
