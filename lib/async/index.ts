/** lib/async: small helpers for waiting that every long-running loop shares. */

/** Resolves after `ms`, or at once when `signal` aborts (never rejects, so loops just re-check). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
export { GroupWriter } from "./group-writer";
