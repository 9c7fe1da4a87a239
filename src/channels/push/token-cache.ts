/** A token and the moment (ms since the epoch) from which it must no longer be used. */
export interface ExpiringToken {
  readonly value: string;
  readonly refreshAt: number;
}

/**
 * Short-lived bearer tokens (APNs provider JWTs, FCM and ADM OAuth access tokens) by credential
 * fingerprint. Concurrent sends that need a new token share one request for it; a token is
 * replaced when its refresh time has come or when a service called it expired. At most
 * `maxEntries` credentials are kept (the least recently used goes first).
 */
export class TokenCache {
  readonly #entries = new Map<string, Promise<ExpiringToken>>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(now: () => number = Date.now, maxEntries = 1_000) {
    this.#now = now;
    this.#maxEntries = maxEntries;
  }

  async get(key: string, issue: () => Promise<ExpiringToken>): Promise<string> {
    const pending = this.#entries.get(key);
    if (pending) {
      this.#entries.delete(key);
      this.#entries.set(key, pending);
      try {
        const token = await pending;
        if (token.refreshAt > this.#now()) return token.value;
      } catch {
        // A failed issue is not cached: ask again below.
      }
      if (this.#entries.get(key) !== pending) return this.get(key, issue);
    }
    const issued = issue();
    this.#entries.set(key, issued);
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    try {
      return (await issued).value;
    } catch (error) {
      if (this.#entries.get(key) === issued) this.#entries.delete(key);
      throw error;
    }
  }

  /** Forgets `value` (a service called it expired or invalid), unless another token already replaced it. */
  async invalidate(key: string, value: string): Promise<void> {
    const pending = this.#entries.get(key);
    if (!pending) return;
    const token = await pending.catch(() => undefined);
    if (token?.value === value && this.#entries.get(key) === pending) this.#entries.delete(key);
  }
}
