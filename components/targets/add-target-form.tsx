"use client";

import type { FormEvent } from "react";
import { useMutation } from "@/components/settings/use-mutation";

/**
 * Adds a target to scrape. The server validates and answers with an error naming the field;
 * a job that also exists in headroom.yml lends the target its settings (auth, limits, relabelling).
 */
export function AddTargetForm() {
  const { send, error, busy } = useMutation();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = Object.fromEntries(new FormData(form).entries());
    if (await send("POST", "/api/targets", data)) form.reset();
  }

  return (
    <section className="card wide" aria-labelledby="add-target-title">
      <h2 id="add-target-title">Add a target</h2>
      <p className="empty">
        Targets from <code>headroom.yml</code> and file_sd are changed there; targets added here are scraped within a few seconds.
      </p>
      <form className="form inline-form" onSubmit={onSubmit} aria-label="Add target">
        <input name="job" placeholder="Job, e.g. vllm" aria-label="Job" required />
        <input name="url" placeholder="http://10.0.0.5:8000/metrics" aria-label="URL" required style={{ minWidth: 280 }} />
        <input name="labels" placeholder="Labels: model=deepseek, zone=eu-1" aria-label="Labels" />
        <input name="interval" placeholder="Interval, e.g. 15s" aria-label="Interval" />
        <button className="button" type="submit" disabled={busy}>
          Add target
        </button>
      </form>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
