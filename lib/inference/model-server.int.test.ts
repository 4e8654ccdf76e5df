import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine, type ModelProcess } from "./engine";
import { writeSyntheticModel } from "./gguf-synth";
import { startModelServer, type ModelServer } from "./model-server";

const dir = mkdtempSync(path.join(os.tmpdir(), "headroom-serve-"));
let engine: ModelProcess;
let server: ModelServer;

beforeAll(async () => {
  const model = path.join(dir, "tiny.gguf");
  await writeSyntheticModel(model, { type: "q4_0", dim: 64, layers: 2, heads: 4, kvHeads: 4, ff: 128, vocab: 300, ctx: 512, seed: 2 });
  engine = await startEngine({ modelPath: model, threads: 1, contextSize: 256, parallel: 1 });
  server = await startModelServer({ engine, modelName: "tiny", port: 0, parallel: 1, queue: 1 });
});
afterAll(async () => {
  await server?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (route: string, body: unknown, signal?: AbortSignal) =>
  fetch(server.url + route, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });

/** One sample's value from the exposition, 0 when absent. */
async function metric(series: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const LENGTH = 'vllm:request_success_total{finished_reason="length",model_name="tiny"}';
const ABORT = 'vllm:request_success_total{finished_reason="abort",model_name="tiny"}';

describe("the model server", () => {
  it("answers /health and /v1/models", async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const models = await (await fetch(`${server.url}/v1/models`)).json();
    expect(models).toMatchObject({ object: "list", data: [{ id: "tiny", object: "model", max_model_len: 256 }] });
  });

  it("streams a chat completion as SSE with usage, and counts it in /metrics", async () => {
    const before = { gen: await metric('vllm:generation_tokens_total{model_name="tiny"}'), ok: await metric(LENGTH), ttft: await metric('vllm:time_to_first_token_seconds_count{model_name="tiny"}') };
    const res = await post("/v1/chat/completions", {
      model: "tiny",
      messages: [{ role: "user", content: "Say something" }],
      max_tokens: 6,
      ignore_eos: true,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const body = await res.text();
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    const events = body.split("\n\n").filter(Boolean);
    expect(events.every((e) => e.startsWith("data: "))).toBe(true);
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    expect(chunks[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0].id)).toBe(true);
    const withChoice = chunks.filter((c) => c.choices.length > 0);
    expect(withChoice.at(-1).choices[0].finish_reason).toBe("length");
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ completion_tokens: 6, prompt_tokens: expect.any(Number) });
    expect(last.usage.total_tokens).toBe(last.usage.prompt_tokens + 6);

    expect(await metric('vllm:generation_tokens_total{model_name="tiny"}')).toBe(before.gen + 6);
    expect(await metric(LENGTH)).toBe(before.ok + 1);
    expect(await metric('vllm:time_to_first_token_seconds_count{model_name="tiny"}')).toBe(before.ttft + 1);
    expect(await metric('http_requests_total{handler="/v1/chat/completions",method="POST",status="2xx",model_name="tiny"}')).toBeGreaterThan(0);
  });

  it("returns whole completions with usage", async () => {
    const res = await post("/v1/completions", { prompt: "Once upon a time", max_tokens: 4, ignore_eos: true });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ object: "text_completion", model: "tiny", choices: [{ index: 0, finish_reason: "length" }], usage: { completion_tokens: 4 } });
    expect(typeof body.choices[0].text).toBe("string");
  });

  it("refuses bad requests with OpenAI-style errors", async () => {
    const bad = await post("/v1/completions", { prompt: 42 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^prompt: /);
    const long = await post("/v1/completions", { prompt: "x", max_tokens: 5000 });
    expect(long.status).toBe(400);
    expect((await long.json()).error.message).toMatch(/maximum context length is 256 tokens/);
    expect((await post("/v1/completions", { model: "other", prompt: "x" })).status).toBe(404);
    expect((await fetch(`${server.url}/v1/completions`)).status).toBe(405);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect(await metric('http_requests_total{handler="/v1/completions",method="POST",status="4xx",model_name="tiny"}')).toBeGreaterThanOrEqual(3);
  });

  it("answers x-headroom-fault with that status only when fault injection is on, and counts it", async () => {
    const req = { prompt: "x", max_tokens: 2 };
    const headers = { "content-type": "application/json", "x-headroom-fault": "503" };
    const plain = await fetch(`${server.url}/v1/completions`, { method: "POST", headers, body: JSON.stringify(req) });
    expect(plain.status).toBe(200); // off by default: the header means nothing
    const faulty = await startModelServer({ engine, modelName: "tiny", port: 0, parallel: 1, queue: 1, faultInjection: true });
    try {
      const at = (route: string, h: Record<string, string>) => fetch(`${faulty.url}${route}`, { method: "POST", headers: h, body: JSON.stringify(req) });
      const res = await at("/v1/completions", headers);
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatchObject({ message: "injected fault (503)", type: "InternalServerError", code: 503 });
      expect((await at("/v1/completions", { ...headers, "x-headroom-fault": "418" })).status).toBe(418);
      expect((await at("/v1/completions", { ...headers, "x-headroom-fault": "200" })).status).toBe(200);
      const text = await (await fetch(`${faulty.url}/metrics`)).text();
      expect(text).toContain('http_requests_total{handler="/v1/completions",method="POST",status="5xx",model_name="tiny"} 1');
      expect(text).toContain('http_requests_total{handler="/v1/completions",method="POST",status="4xx",model_name="tiny"} 1');
    } finally {
      await faulty.close();
    }
  });

  it("queues one request behind the running one and refuses the next with 429", async () => {
    const abortsBefore = await metric(ABORT);
    const ac = new AbortController();
    const first = await post("/v1/completions", { prompt: "a", max_tokens: 250, ignore_eos: true, stream: true }, ac.signal);
    const reader = first.body!.getReader();
    await reader.read(); // generating now
    const second = post("/v1/completions", { prompt: "b", max_tokens: 2, ignore_eos: true });
    for (let i = 0; i < 100 && (await metric('vllm:num_requests_waiting{model_name="tiny"}')) < 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await metric('vllm:num_requests_running{model_name="tiny"}')).toBe(1);
    expect(await metric('vllm:num_requests_waiting{model_name="tiny"}')).toBe(1);

    const third = await post("/v1/completions", { prompt: "c", max_tokens: 2 });
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("1");
    expect((await third.json()).error.message).toMatch(/server busy/);

    ac.abort(); // the client of the first goes away: its slot goes to the second
    await reader.cancel().catch(() => {});
    const done = await second;
    expect(done.status).toBe(200);
    expect((await done.json()).usage.completion_tokens).toBe(2);
    expect(await metric(ABORT)).toBe(abortsBefore + 1);
    expect(await metric('vllm:num_requests_running{model_name="tiny"}')).toBe(0);
    expect(await metric('http_requests_total{handler="/v1/completions",method="POST",status="4xx",model_name="tiny"}')).toBeGreaterThan(0);
  });
});
