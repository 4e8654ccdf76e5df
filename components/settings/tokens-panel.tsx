"use client";

import { useState, type FormEvent } from "react";
import type { ApiTokenInfo } from "@/lib/auth";
import { formatTime } from "@/lib/format";
import { useMutation } from "./use-mutation";

/** Each user's API tokens: created with their role, shown once, revocable. */
export function TokensPanel({ tokens }: { tokens: ApiTokenInfo[] }) {
  const { send, error, busy } = useMutation();
  const [fresh, setFresh] = useState<string | null>(null);

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const res = (await send("POST", "/api/tokens", { name: new FormData(form).get("name") })) as { data: { token: string } } | null;
    if (res) {
      setFresh(res.data.token);
      form.reset();
    }
  }

  return (
    <section className="card wide" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="empty">
        For the CLI, CI jobs and Grafana: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts with your role.
      </p>
      {fresh ? (
        <div className="notice" role="status">
          Copy this token now; it is not shown again:
          <div className="secret" data-testid="new-token">
            {fresh}
          </div>
        </div>
      ) : null}
      {tokens.length > 0 ? (
        <table className="data">
          <thead>
            <tr>
              <th>Name</th>
              <th>Starts with</th>
              <th>Created (UTC)</th>
              <th>Last used (UTC)</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{formatTime(t.createdAt)}</td>
                <td>{formatTime(t.lastUsedAt)}</td>
                <td>{t.revokedAt ? <span className="badge error">revoked</span> : <span className="badge ok">active</span>}</td>
                <td>
                  {t.revokedAt ? null : (
                    <button className="button danger" disabled={busy} onClick={() => send("DELETE", `/api/tokens/${t.id}`)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="form inline-form" onSubmit={onCreate} aria-label="Create token">
        <input name="name" placeholder="Token name, e.g. grafana" aria-label="Token name" required />
        <button className="button" type="submit" disabled={busy}>
          Create token
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
