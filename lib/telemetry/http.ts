import { telemetry } from "./registry";

type Handler<C> = (req: Request, ctx: C) => Promise<Response> | Response;

/**
 * Wraps a route handler so its latency lands in headroom_http_request_duration_seconds under
 * the route's pattern (bounded labels: never the raw URL).
 */
export function instrumentRoute<C>(route: string, handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    const end = telemetry().httpRequestDuration.startTimer({ route, method: req.method });
    try {
      const res = await handler(req, ctx);
      end({ code: String(res.status) });
      return res;
    } catch (err) {
      end({ code: "500" });
      throw err;
    }
  };
}
