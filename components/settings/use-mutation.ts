"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * Sends a JSON request and refreshes the server-rendered page on success; keeps the server's
 * error message (which names the field) for display.
 */
export function useMutation() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function send(method: string, url: string, body?: unknown): Promise<unknown | null> {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) {
        setError(json.error ?? `HTTP ${res.status}`);
        return null;
      }
      router.refresh();
      return json;
    } catch {
      setError("network error");
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { send, error, busy };
}
