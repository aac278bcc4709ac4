/**
 * The bureau session of each account (nsrsbh + gryhm): the business token from login/token, cached until shortly
 * before it expires, and the last known login expiry. A 303 on any call fetches a new token and repeats that call
 * once; a second 303 is `TokenRejected`.
 */
import { ProviderError, ProviderErrorCode, type TaxAccount } from '../provider.js';
import { actionFor, errorFromEnvelope, messageOf } from './codes.js';
import { parseChinaTime } from './china-time.js';
import type { FormParams } from './http.js';
import { JumdataCode, type JumdataEndpoint, type JumdataEnvelope, type TokenDataWire } from './wire.js';

export interface SendOptions {
  /** See RetryCallOptions.idempotent; default true. */
  idempotent?: boolean;
}

/** One call through the retry layer: resolves with an envelope whose code is not a retry code. */
export type Send = (endpoint: JumdataEndpoint, params: FormParams, options?: SendOptions) => Promise<JumdataEnvelope>;

export interface SessionOptions {
  send: Send;
  now: () => number;
  /** Stop using a token this long before its expiry. */
  tokenMarginMs: number;
  /** Token lifetime when login/token gives no expireTime. */
  defaultTokenTtlMs: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  /** When to stop using it. */
  staleAt: number;
}

export function accountParams(account: TaxAccount): { nsrsbh: string; dq: string; gryhm: string } {
  return { nsrsbh: account.nsrsbh, dq: account.dq, gryhm: account.gryhm };
}

function accountKey(account: TaxAccount): string {
  return `${account.nsrsbh}\u0000${account.gryhm}`;
}

export class JumdataSession {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();
  private readonly loginExpiry = new Map<string, number>();
  private readonly faceAuthExpiry = new Map<string, number>();

  constructor(private readonly options: SessionOptions) {}

  /** A token that is not about to expire, from the cache or from login/token. */
  async token(account: TaxAccount): Promise<string> {
    return (await this.usableToken(account)).token;
  }

  /** A new token now, whatever the cache holds (the expiry check renews one before it runs out); its expiry. */
  async refreshToken(account: TaxAccount): Promise<Date> {
    this.tokens.delete(accountKey(account));
    return new Date((await this.usableToken(account)).expiresAt);
  }

  private async usableToken(account: TaxAccount): Promise<CachedToken> {
    const key = accountKey(account);
    const cached = this.tokens.get(key);
    if (cached && this.options.now() < cached.staleAt) return cached;
    let pending = this.inflight.get(key);
    if (!pending) {
      // Concurrent calls of one account share one login/token call.
      pending = this.fetchToken(account).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** A business call with `token` added; 303 → a fresh token and one more try. */
  async callWithToken(
    account: TaxAccount,
    endpoint: JumdataEndpoint,
    params: FormParams,
    options?: SendOptions,
  ): Promise<JumdataEnvelope> {
    const send = async (): Promise<JumdataEnvelope> => {
      let token: string;
      try {
        token = await this.token(account);
      } catch (error) {
        // No login, no token: answer as the call itself would (302), so issuing calls get their needs_login outcome.
        if (error instanceof ProviderError && error.code === ProviderErrorCode.LoginRequired) {
          return { code: JumdataCode.NotLoggedIn, msg: error.message, charge: false, taskNo: '' };
        }
        throw error;
      }
      const envelope = await this.options.send(endpoint, { ...accountParams(account), ...params, token }, options);
      if (actionFor(envelope.code).kind === 'refresh_token') this.dropToken(account, token);
      if (actionFor(envelope.code).kind === 'needs_login') this.forgetLogin(account);
      return envelope;
    };
    const first = await send();
    if (actionFor(first.code).kind !== 'refresh_token') return first;
    const second = await send();
    if (actionFor(second.code).kind !== 'refresh_token') return second;
    throw new ProviderError(ProviderErrorCode.TokenRejected, `新获取的 token 仍被拒绝: ${messageOf(second)}`, second.code);
  }

  tokenExpiresAt(account: TaxAccount): Date | undefined {
    const cached = this.tokens.get(accountKey(account));
    return cached && this.options.now() < cached.expiresAt ? new Date(cached.expiresAt) : undefined;
  }

  recordLogin(account: TaxAccount, expiresAt: Date | undefined): void {
    if (expiresAt) this.loginExpiry.set(accountKey(account), expiresAt.getTime());
  }

  loginExpiresAt(account: TaxAccount): Date | undefined {
    const at = this.loginExpiry.get(accountKey(account));
    return at === undefined ? undefined : new Date(at);
  }

  recordFaceAuth(account: TaxAccount, expiresAt: Date | undefined): void {
    if (expiresAt) this.faceAuthExpiry.set(accountKey(account), expiresAt.getTime());
    else this.faceAuthExpiry.delete(accountKey(account));
  }

  faceAuthExpiresAt(account: TaxAccount): Date | undefined {
    const at = this.faceAuthExpiry.get(accountKey(account));
    return at === undefined ? undefined : new Date(at);
  }

  /** The bureau login is gone (302): its token and expiry with it. */
  forgetLogin(account: TaxAccount): void {
    this.tokens.delete(accountKey(account));
    this.loginExpiry.delete(accountKey(account));
  }

  /** A new login (200 on submit or verify) starts a new bureau session: old tokens belong to the old one. */
  startLogin(account: TaxAccount, expiresAt: Date | undefined): void {
    this.forgetLogin(account);
    this.recordLogin(account, expiresAt);
  }

  private dropToken(account: TaxAccount, token: string): void {
    const key = accountKey(account);
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }

  private async fetchToken(account: TaxAccount): Promise<CachedToken> {
    const envelope = await this.options.send('loginToken', accountParams(account));
    const action = actionFor(envelope.code);
    if (action.kind === 'needs_login') {
      this.forgetLogin(account);
      throw errorFromEnvelope(envelope, ProviderErrorCode.LoginRequired);
    }
    if (action.kind !== 'ok') throw errorFromEnvelope(envelope);
    const data = envelope.data as Partial<TokenDataWire> | undefined;
    if (typeof data?.token !== 'string' || data.token === '') {
      throw new ProviderError(ProviderErrorCode.Protocol, '获取 token 的应答中没有 token', envelope.code);
    }
    const fetchedAt = this.options.now();
    const expiresAt = parseChinaTime(data.expireTime)?.getTime() ?? fetchedAt + this.options.defaultTokenTtlMs;
    // A short-lived token keeps at least half its life usable.
    const margin = Math.min(this.options.tokenMarginMs, Math.max(0, (expiresAt - fetchedAt) / 2));
    const cached = { token: data.token, expiresAt, staleAt: expiresAt - margin };
    this.tokens.set(accountKey(account), cached);
    return cached;
  }
}
