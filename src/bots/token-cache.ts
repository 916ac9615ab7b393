/**
 * An API access token (WeCom access_token, Feishu tenant_access_token) cached until shortly
 * before its stated expiry. Concurrent callers share one fetch, so a burst of slow answers does
 * not hit the token endpoint's rate limit.
 */

/** Renew this long before the token's stated expiry. */
const MARGIN_MS = 5 * 60_000;

export class TokenCache {
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    /** Fetches a fresh token and its lifetime in seconds (7200 when not stated). */
    private readonly fetchToken: () => Promise<{ value: string; expiresInSeconds?: number }>,
    private readonly now: () => number,
  ) {}

  /** The cached token, fetched when missing, about to expire, or when `force` (the server called it invalid). */
  async get(force = false): Promise<string> {
    // A token the server refused is dropped, so a failed re-fetch does not leave it in use.
    if (force) this.token = undefined;
    if (this.token && this.now() < this.token.expiresAt) return this.token.value;
    this.pending ??= (async () => {
      try {
        const { value, expiresInSeconds } = await this.fetchToken();
        const ttl = (expiresInSeconds ?? 7200) * 1000;
        this.token = { value, expiresAt: this.now() + Math.max(ttl - MARGIN_MS, ttl / 2) };
        return value;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
