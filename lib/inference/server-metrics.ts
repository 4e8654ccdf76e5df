/**
 * The model server's Prometheus metrics, named, typed and bucketed like vLLM's (v1 engine), so
 * that dashboards, alert rules and Headroom's own vLLM views work unchanged against it. Every
 * series carries `model_name`; HTTP counts follow prometheus-fastapi-instrumentator, which vLLM
 * uses (`status` is the class: 2xx, 4xx, 5xx).
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

// vLLM's bucket boundaries (vllm/v1/metrics/loggers.py).
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];
const TOKEN_INTERVAL_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];
const REQUEST_LATENCY_BUCKETS = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

/** vLLM's 1-2-5 token-count buckets up to the context length (`build_1_2_5_buckets`). */
export function buckets125(max: number): number[] {
  const out: number[] = [];
  for (let scale = 1; ; scale *= 10)
    for (const m of [1, 2, 5]) {
      if (m * scale > max) return out;
      out.push(m * scale);
    }
}

/** The metrics of one served model. */
export interface ServerMetrics {
  registry: Registry;
  e2e: Histogram<"model_name">;
  ttft: Histogram<"model_name">;
  itl: Histogram<"model_name">;
  tpot: Histogram<"model_name">;
  queueTime: Histogram<"model_name">;
  promptTokensPerRequest: Histogram<"model_name">;
  generationTokensPerRequest: Histogram<"model_name">;
  promptTokens: Counter<"model_name">;
  generationTokens: Counter<"model_name">;
  success: Counter<"model_name" | "finished_reason">;
  httpRequests: Counter<"handler" | "method" | "status" | "model_name">;
}

/** Creates the metrics on a new Registry; the gauges read `load` when scraped. */
export function createServerMetrics(modelName: string, contextSize: number, load: () => { running: number; waiting: number }): ServerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ model_name: modelName });
  const labelNames = ["model_name"] as const;
  const hist = (name: string, help: string, buckets: number[]) =>
    new Histogram({ name, help, buckets, labelNames, registers: [registry] });
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers: [registry] });
  new Gauge({
    name: "vllm:num_requests_running",
    help: "Number of requests in model execution batches.",
    labelNames,
    registers: [registry],
    collect() {
      this.set(load().running);
    },
  });
  new Gauge({
    name: "vllm:num_requests_waiting",
    help: "Number of requests waiting to be processed.",
    labelNames,
    registers: [registry],
    collect() {
      this.set(load().waiting);
    },
  });
  return {
    registry,
    e2e: hist("vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", REQUEST_LATENCY_BUCKETS),
    ttft: hist("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", TTFT_BUCKETS),
    itl: hist("vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", TOKEN_INTERVAL_BUCKETS),
    // The name older vLLM releases used for the same per-token intervals; dashboards still ask for it.
    tpot: hist("vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.", TOKEN_INTERVAL_BUCKETS),
    queueTime: hist("vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", REQUEST_LATENCY_BUCKETS),
    promptTokensPerRequest: hist("vllm:request_prompt_tokens", "Number of prefill tokens processed.", buckets125(contextSize)),
    generationTokensPerRequest: hist("vllm:request_generation_tokens", "Number of generation tokens processed.", buckets125(contextSize)),
    promptTokens: counter("vllm:prompt_tokens_total", "Number of prefill tokens processed."),
    generationTokens: counter("vllm:generation_tokens_total", "Number of generation tokens processed."),
    success: new Counter({
      name: "vllm:request_success_total",
      help: "Count of successfully processed requests.",
      labelNames: ["model_name", "finished_reason"],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "Total number of requests by method, status and handler.",
      labelNames: ["handler", "method", "status", "model_name"],
      registers: [registry],
    }),
  };
}
