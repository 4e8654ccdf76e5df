"use client";

import { useState, type FormEvent } from "react";
import type { StoredDatasourceView } from "@/lib/datasource";
import { useMutation } from "./use-mutation";

/** Configured datasources (read-only, from headroom.yml) and stored ones, which admins add here. */
export function DatasourcesPanel({ configured, stored, canEdit }: { configured: Array<{ name: string; kind: string }>; stored: StoredDatasourceView[]; canEdit: boolean }) {
  const { send, error, busy } = useMutation();
  const [authType, setAuthType] = useState("none");

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    const body = { name: f.name, url: f.url, authType: f.authType, username: f.username || undefined, secret: f.secret || undefined };
    if (await send("POST", "/api/datasources", body)) form.reset();
  }

  return (
    <section className="card wide" aria-labelledby="ds-title">
      <h2 id="ds-title">Datasources</h2>
      <table className="data">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>URL</th>
            <th>Auth</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {configured.map((d) => (
            <tr key={d.name}>
              <td>{d.name}</td>
              <td>{d.kind === "embedded" ? "embedded store" : "prometheus (headroom.yml)"}</td>
              <td />
              <td />
              <td />
            </tr>
          ))}
          {stored.map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td>prometheus</td>
              <td>
                <code>{d.url}</code>
              </td>
              <td>
                {d.authType}
                {d.username ? ` (${d.username})` : ""} {d.secret}
              </td>
              <td>
                {canEdit ? (
                  <button className="button danger" disabled={busy} onClick={() => send("DELETE", `/api/datasources/${d.id}`)}>
                    Remove
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit ? (
        <form className="form inline-form" onSubmit={onCreate} aria-label="Add datasource">
          <input name="name" placeholder="Name" aria-label="Datasource name" required />
          <input name="url" placeholder="http://prometheus:9090" aria-label="Datasource URL" required />
          <select name="authType" aria-label="Authentication" value={authType} onChange={(e) => setAuthType(e.target.value)}>
            <option value="none">no auth</option>
            <option value="basic">basic auth</option>
            <option value="bearer">bearer token</option>
          </select>
          {authType === "basic" ? <input name="username" placeholder="User" aria-label="User" /> : null}
          {authType !== "none" ? <input name="secret" type="password" placeholder={authType === "basic" ? "Password" : "Token"} aria-label="Secret" /> : null}
          <button className="button" type="submit" disabled={busy}>
            Add datasource
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
