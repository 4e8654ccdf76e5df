"use client";

import { useState, type FormEvent } from "react";

interface Field {
  name: string;
  label: string;
  type: string;
  autoComplete: string;
}

/**
 * A small form that posts its fields as JSON and follows `next` on success; errors from the
 * server (which name the field) are shown as text.
 */
export function CredentialsForm({ action, fields, submitLabel, next }: { action: string; fields: Field[]; submitLabel: string; next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const data = Object.fromEntries(new FormData(e.currentTarget).entries());
    try {
      const res = await fetch(action, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(data) });
      if (res.ok) {
        // Only same-site paths: never follow `next` to another origin.
        window.location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
        return;
      }
      const body = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
      setError(body.error ?? `HTTP ${res.status}`);
    } catch {
      setError("network error: is Headroom running?");
    }
    setBusy(false);
  }

  return (
    <form className="form" onSubmit={onSubmit}>
      {fields.map((f) => (
        <label key={f.name}>
          {f.label}
          <input name={f.name} type={f.type} autoComplete={f.autoComplete} required />
        </label>
      ))}
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <button className="button" type="submit" disabled={busy}>
        {busy ? "…" : submitLabel}
      </button>
    </form>
  );
}
