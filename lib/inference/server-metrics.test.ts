import { describe, expect, it } from "vitest";
import { buckets125, createServerMetrics } from "./server-metrics";

describe("buckets125", () => {
  it("builds vLLM's 1-2-5 series up to the maximum", () => {
    expect(buckets125(100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(buckets125(2048)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]);
  });
});

describe("createServerMetrics", () => {
  it("exposes vLLM's names, buckets and a model_name label", async () => {
    let load = { running: 2, waiting: 5 };
    const m = createServerMetrics("tiny", 256, () => load);
    m.ttft.observe(0.03);
    m.itl.observe(0.02);
    m.tpot.observe(0.02);
    m.e2e.observe(1.2);
    m.queueTime.observe(0);
    m.promptTokens.inc(7);
    m.generationTokens.inc(3);
    m.success.inc({ finished_reason: "length" });
    m.httpRequests.inc({ handler: "/v1/completions", method: "POST", status: "2xx" });
    const text = await m.registry.metrics();
    expect(text).toContain('vllm:num_requests_running{model_name="tiny"} 2');
    expect(text).toContain('vllm:num_requests_waiting{model_name="tiny"} 5');
    expect(text).toContain('vllm:time_to_first_token_seconds_bucket{le="0.04",model_name="tiny"} 1');
    expect(text).toContain('vllm:time_to_first_token_seconds_bucket{le="2560",model_name="tiny"} 1');
    expect(text).toContain('vllm:inter_token_latency_seconds_bucket{le="0.025",model_name="tiny"} 1');
    expect(text).toContain('vllm:time_per_output_token_seconds_bucket{le="80",model_name="tiny"} 1');
    expect(text).toContain('vllm:e2e_request_latency_seconds_bucket{le="1.5",model_name="tiny"} 1');
    expect(text).toContain('vllm:e2e_request_latency_seconds_bucket{le="7680",model_name="tiny"} 1');
    expect(text).toContain('vllm:request_queue_time_seconds_count{model_name="tiny"} 1');
    expect(text).toContain('vllm:prompt_tokens_total{model_name="tiny"} 7');
    expect(text).toContain('vllm:generation_tokens_total{model_name="tiny"} 3');
    expect(text).toContain('vllm:request_success_total{finished_reason="length",model_name="tiny"} 1');
    expect(text).toContain('http_requests_total{handler="/v1/completions",method="POST",status="2xx",model_name="tiny"} 1');
    load = { running: 0, waiting: 0 };
    expect(await m.registry.metrics()).toContain('vllm:num_requests_waiting{model_name="tiny"} 0');
  });
});
