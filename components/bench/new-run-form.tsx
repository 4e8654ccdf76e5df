"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

/** Form fields sent only when filled in; the server applies `headroom bench`'s defaults. */
function requestBody(form: HTMLFormElement): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, v] of new FormData(form).entries()) if (typeof v === "string" && v.trim() !== "") body[k] = v.trim();
  const kind = body.loadKind === "rate" ? "rate" : "concurrency";
  if (body.levels !== undefined) body[kind] = body.levels;
  if (kind !== "rate") delete body.burstiness;
  delete body.levels;
  delete body.loadKind;
  body.ignoreEos = body.ignoreEos === "on";
  return body;
}

/**
 * Starts a benchmark: the CLI's main flags as fields. The server checks everything and answers
 * with an error naming the field; on success the run's page shows its progress.
 */
export function NewRunForm({ models }: { models: string[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState("concurrency");

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/bench", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(requestBody(e.currentTarget)) });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) return setError(json.error ?? `HTTP ${res.status}`);
      router.push(`/benchmarks/${json.data.id}`);
    } catch {
      setError("network error");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card wide" aria-labelledby="new-run-title">
      <h2 id="new-run-title">New benchmark</h2>
      <p className="empty">
        An OpenAI-compatible endpoint (vLLM, SGLang, TGI, llama.cpp, <code>headroom serve-model</code>, ...) or a <code>.gguf</code> file from the models folder
        (<code>HEADROOM_DATA_DIR/models</code>{models.length > 0 ? `: ${models.join(", ")}` : ", empty"}). Runs queue and execute one at a time in the worker.
      </p>
      <form className="form" onSubmit={onSubmit} aria-label="New benchmark">
        <div className="inline-form form">
          <input name="target" aria-label="Target" placeholder="http://vllm-0:8000 or model.gguf" list="bench-models" required style={{ minWidth: 320 }} />
          <datalist id="bench-models">
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <input name="model" aria-label="Model" placeholder="Model (default: first of /v1/models)" />
          <select name="endpoint" aria-label="Endpoint" defaultValue="">
            <option value="">endpoint: from the URL</option>
            <option value="completions">completions</option>
            <option value="chat">chat</option>
          </select>
          <input name="apiKey" aria-label="API key" type="password" placeholder="API key (optional, stored encrypted)" autoComplete="off" />
        </div>
        <div className="inline-form form">
          <select name="loadKind" aria-label="Load" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="concurrency">concurrency</option>
            <option value="rate">request rate</option>
          </select>
          <input name="levels" aria-label="Levels" placeholder={kind === "rate" ? "Rates/s, e.g. 1,2,4,8" : "Concurrency, e.g. 1,2,4,8"} required />
          {kind === "rate" ? <input name="burstiness" aria-label="Burstiness" placeholder="Burstiness (1 = Poisson)" /> : null}
          <input name="requests" aria-label="Requests per level" placeholder="Requests per level (200)" />
          <input name="duration" aria-label="Duration per level" placeholder="Seconds per level" />
        </div>
        <div className="inline-form form">
          <input name="inputTokens" aria-label="Input tokens" placeholder="Input tokens (256)" />
          <input name="outputTokens" aria-label="Output tokens" placeholder="Output tokens (128)" />
          <input name="goodput" aria-label="Goodput SLO" placeholder="SLO, e.g. ttft:500,tpot:50" />
          <input name="goodputRatio" aria-label="Goodput ratio" placeholder="Goodput ratio (0.9)" />
          <input name="warmup" aria-label="Warm-up requests" placeholder="Warm-up requests (0)" />
          <input name="timeout" aria-label="Timeout" placeholder="Request timeout, s (300)" />
          <label style={{ flexDirection: "row", alignItems: "center" }}>
            <input type="checkbox" name="ignoreEos" defaultChecked style={{ minWidth: 0 }} /> ignore_eos
          </label>
        </div>
        <div>
          <button className="button" type="submit" disabled={busy}>
            Start benchmark
          </button>
        </div>
      </form>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
