/**
 * The app's access token (`POST /v1.0/oauth2/accessToken`, good for `expireIn` seconds, 7200): fetched when first
 * needed, reused until REFRESH_MARGIN_MS before it expires, and fetched by one caller at a time — callers that need it
 * meanwhile wait for that one fetch. A token the platform rejected is dropped, unless a newer one already replaced it.
 */

/** Refreshed this long before the platform's expiry, so no call leaves with a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export interface FetchedToken {
  token: string;
  expiresInMs: number;
}

export class AccessTokenCache {
  private current?: { token: string; refreshAt: number };
  private fetching?: Promise<string>;

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return Promise.resolve(this.current.token);
    this.fetching ??= this.fetchToken()
      .then(({ token, expiresInMs }) => {
        this.current = { token, refreshAt: this.now() + Math.max(0, expiresInMs - REFRESH_MARGIN_MS) };
        return token;
      })
      .finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  /** The platform refused `token`: the next `get` fetches a new one. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }
}
