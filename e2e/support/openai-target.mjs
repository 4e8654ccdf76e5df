// A loopback OpenAI-compatible server for the Benchmarks e2e: /v1/models and streamed
// /v1/completions, 20 ms to the first token and 10 ms between tokens, two requests at a time.
import http from "node:http";

const port = Number(process.env.OPENAI_TARGET_PORT || 3212);
const PARALLEL = 2;
let active = 0;
const waiting = [];
const sse = (o) => `data: ${typeof o === "string" ? o : JSON.stringify(o)}\n\n`;

function release() {
  const next = waiting.shift();
  if (next) next();
  else active--;
}

http
  .createServer((req, res) => {
    if (req.method === "GET" && req.url.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "e2e-model", object: "model" }] }));
      return;
    }
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const body = JSON.parse(text || "{}");
      const count = Math.max(1, Number(body.max_tokens ?? body.max_completion_tokens ?? 8));
      const generate = () => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        let i = 0;
        const step = () => {
          if (res.destroyed) return release();
          res.write(sse({ choices: [{ index: 0, text: ` t${i}`, finish_reason: null }] }));
          if (++i < count) return void setTimeout(step, 10);
          res.end(sse({ choices: [], usage: { prompt_tokens: 16, completion_tokens: count, total_tokens: 16 + count } }) + sse("[DONE]"));
          release();
        };
        setTimeout(step, 20);
      };
      if (active < PARALLEL) {
        active++;
        generate();
      } else waiting.push(generate);
    });
  })
  .listen(port, "127.0.0.1", () => console.log(`openai target on ${port}`));
