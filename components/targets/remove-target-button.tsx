"use client";

import { useMutation } from "@/components/settings/use-mutation";

/** Removes a target added on this page; its series are marked stale at the next sync. */
export function RemoveTargetButton({ id, url }: { id: number; url: string }) {
  const { send, error, busy } = useMutation();
  return (
    <>
      <button className="button danger" disabled={busy} aria-label={`Remove ${url}`} onClick={() => send("DELETE", `/api/targets/${id}`)}>
        Remove
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {" "}
          {error}
        </span>
      ) : null}
    </>
  );
}
