/**
 * Who a cookie or token belongs to, remembered for a moment. A dashboard fires a burst of API
 * requests per refresh, each checked twice (the proxy, then the route); without this every check
 * is a database lookup. Entries live for `ttlMs` (2 s by default), and this process forgets them
 * all at once whenever it signs someone out, revokes a token or changes or deletes a user, so a
 * revocation here takes effect at once (in other processes within `ttlMs`).
 */
import type { Principal } from "./roles";

interface Entry {
  principal: Principal;
  until: number;
}

/** A short-lived map from credentials to principals; only successful lookups are kept. */
export class IdentityCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 2_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The principal for `key`, looked up with `lookup` unless remembered and fresh. */
  async get(key: string, lookup: () => Promise<Principal | null>): Promise<Principal | null> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > t) return hit.principal;
    const principal = await lookup();
    if (principal) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { principal, until: t + this.ttlMs });
    } else {
      this.entries.delete(key);
    }
    return principal;
  }

  /** Forgets everything (after a sign-out, a token revocation, a role change or a deletion). */
  clear(): void {
    this.entries.clear();
  }
}
