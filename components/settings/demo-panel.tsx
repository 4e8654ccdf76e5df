"use client";

import type { DemoStatus } from "@/lib/demo";
import { useMutation } from "./use-mutation";

/** Demo traffic: whether it runs and why, with the switch for admins. */
export function DemoPanel({ status, canEdit }: { status: DemoStatus; canEdit: boolean }) {
  const { send, error, busy } = useMutation();
  const switchedOff = status.setting === false;
  return (
    <section className="card" aria-labelledby="demo-title">
      <h2 id="demo-title">Demo traffic</h2>
      <p data-testid="demo-state">
        <span className={status.on ? "badge warn" : "badge"}>{status.on ? "on" : "off"}</span> {status.reason}.
      </p>
      <p className="empty">
        While you have no targets of your own, Headroom serves a tiny synthetic model, scrapes it as job <code>headroom-demo</code> (label{" "}
        <code>demo=&quot;true&quot;</code>) and sends it a light load with a daily rhythm and occasional error bursts. It stops by itself once you
        add a target; its data stays.
      </p>
      {canEdit && status.configEnabled ? (
        <button type="button" className="button" disabled={busy} onClick={() => void send("PUT", "/api/settings/demo", { enabled: switchedOff })}>
          {switchedOff ? "Allow demo traffic" : "Switch demo traffic off"}
        </button>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
