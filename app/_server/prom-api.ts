import { ApiParams, isDatasourceError, pickDatasource, type Datasource, type DatasourceErrorType } from "@/lib/datasource";
import { assertRole, getAuthService, isAuthError } from "@/lib/auth";
import { datasourcesOf, type Runtime } from "@/lib/runtime";
import { instrumentRoute } from "@/lib/telemetry";

const STATUS: Record<DatasourceErrorType, number> = {
  bad_data: 400,
  not_found: 404,
  execution: 422,
  canceled: 503,
  timeout: 503,
  unavailable: 503,
  internal: 500,
};

/** What a Prometheus API handler returns: the `data` with optional warnings and infos. */
export interface ApiResult {
  data: unknown;
  warnings?: string[];
  infos?: string[];
  /** Set by query responses that write their own JSON (QueryResponse.jsonChunks). */
  jsonChunks?: () => Iterable<string>;
}

type Handler<C> = (p: ApiParams, ds: Datasource, ctx: C, rt: Runtime) => Promise<ApiResult>;

/**
 * A route of the Prometheus-compatible API: viewer role, parameters from the query string or a
 * form body, `datasource=` to pick a datasource (Headroom's extension; the embedded one by
 * default), and Prometheus's JSON envelope, error types and status codes.
 */
export function promApiRoute<C = unknown>(pattern: string, handler: Handler<C>) {
  return instrumentRoute<C>(pattern, async (req, ctx) => {
    try {
      const svc = await getAuthService();
      assertRole(await svc.identify(req.headers), "viewer");
      const params = await ApiParams.from(req);
      const name = params.optional("datasource");
      const ds = pickDatasource(name ? await datasourcesOf(svc.rt) : svc.rt.datasources, name);
      const out = await handler(params, ds, ctx, svc.rt);
      return successResponse(out);
    } catch (err) {
      if (isAuthError(err)) return envelope(err.status, err.status === 401 ? "unauthorized" : "forbidden", err.message);
      if (isDatasourceError(err)) return envelope(STATUS[err.errorType], err.errorType, err.message);
      console.error(err);
      return envelope(500, "internal", "internal error");
    }
  });
}

/**
 * The success envelope. A query response that writes its own JSON is streamed piece by piece,
 * so a day of a thousand series is never one 200 MB string.
 */
function successResponse(out: ApiResult): Response {
  if (!out.jsonChunks) return Response.json({ status: "success", ...out });
  const pieces = out.jsonChunks()[Symbol.iterator]();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(stream, { headers: { "content-type": "application/json" } });
}

function envelope(status: number, errorType: string, error: string): Response {
  return Response.json({ status: "error", errorType, error }, { status });
}
