import { parseDuration } from "@/lib/config";
import { DatasourceError } from "./types";

/** Parameters of a Prometheus API call, from the query string and, for POST, a form body. */
export class ApiParams {
  private constructor(private readonly params: URLSearchParams) {}

  /** Reads the URL's query and a form-encoded POST body, as Prometheus accepts both. */
  static async from(req: Request): Promise<ApiParams> {
    const params = new URL(req.url).searchParams;
    if (req.method === "POST") {
      const type = req.headers.get("content-type") ?? "";
      if (type.startsWith("application/x-www-form-urlencoded")) {
        for (const [k, v] of new URLSearchParams(await req.text())) params.append(k, v);
      }
    }
    return new ApiParams(params);
  }

  /** A required string parameter. */
  required(name: string): string {
    const v = this.params.get(name);
    if (v === null || v === "") throw new DatasourceError("bad_data", `invalid parameter "${name}": parameter is missing`);
    return v;
  }

  /** An optional string parameter. */
  optional(name: string): string | null {
    return this.params.get(name) || null;
  }

  /** Every value of a repeated parameter, e.g. `match[]`. */
  all(name: string): string[] {
    return this.params.getAll(name).filter((v) => v !== "");
  }

  /** A time in ms: RFC 3339 or Unix seconds; `fallback` when absent. */
  time(name: string, fallback: number): number;
  time(name: string, fallback?: undefined): number | undefined;
  time(name: string, fallback?: number): number | undefined {
    const v = this.params.get(name);
    if (v === null || v === "") return fallback;
    const t = parseApiTime(v);
    if (t === null) throw new DatasourceError("bad_data", `invalid parameter "${name}": cannot parse "${v}" to a valid timestamp`);
    return t;
  }

  /** A duration in ms: Prometheus duration (`15s`) or seconds as a float. */
  duration(name: string): number | undefined {
    const v = this.params.get(name);
    if (v === null || v === "") return undefined;
    const d = parseApiDuration(v);
    if (d === null) throw new DatasourceError("bad_data", `invalid parameter "${name}": cannot parse "${v}" to a valid duration`);
    return d;
  }
}

/** RFC 3339 or Unix seconds (with fraction) to ms; null when neither. */
export function parseApiTime(v: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/** Seconds as a float, or a Prometheus duration, to ms; null when neither or not positive. */
export function parseApiDuration(v: string): number | null {
  if (/^\d+(\.\d+)?$/.test(v)) {
    const ms = Math.round(Number(v) * 1000);
    return ms > 0 ? ms : null;
  }
  const d = parseDuration(v);
  return d !== null && d > 0 ? d : null;
}
