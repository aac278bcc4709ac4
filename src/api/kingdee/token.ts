/**
 * The access token of the app (one per client_id, whatever the account): cached until shortly before it expires,
 * fetched by one call however many business calls want it at once, and dropped when the provider says it is gone.
 */
import { ProviderError, ProviderErrorCode } from '../provider.js';
import { actionFor, errorFromEnvelope } from './codes.js';
import type { KingdeeEnvelope, TokenAnswerWire } from './wire.js';

export interface TokenOptions {
  /** The signed /base/oauth/token call. */
  fetch: () => Promise<KingdeeEnvelope>;
  now: () => number;
  /** Stop using a token this long before it expires. */
  marginMs: number;
  /** When the answer has no expires_in. */
  defaultTtlMs: number;
}

interface Cached {
  token: string;
  expiresAt: number;
  staleAt: number;
}

export class KingdeeToken {
  private cached: Cached | undefined;
  private inflight: Promise<Cached> | undefined;

  constructor(private readonly options: TokenOptions) {}

  async get(): Promise<string> {
    if (this.cached && this.options.now() < this.cached.staleAt) return this.cached.token;
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return (await this.inflight).token;
  }

  /** The provider refused `token`: forget it unless a newer one replaced it meanwhile. */
  drop(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  /** A new token now, whatever the cache holds (one fetch however many ask); its expiry. */
  async renew(): Promise<Date> {
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return new Date((await this.inflight).expiresAt);
  }

  expiresAt(): Date | undefined {
    return this.cached && this.options.now() < this.cached.expiresAt ? new Date(this.cached.expiresAt) : undefined;
  }

  private async fetch(): Promise<Cached> {
    const envelope = await this.options.fetch();
    if (actionFor(envelope.errcode).kind !== 'ok') throw errorFromEnvelope(envelope, ProviderErrorCode.TokenRejected);
    const answer = { ...envelope.beside, ...(envelope.data as object | undefined) } as TokenAnswerWire;
    if (typeof answer.access_token !== 'string' || answer.access_token === '') {
      throw new ProviderError(ProviderErrorCode.Protocol, '获取金蝶 access_token 的应答中没有 token', envelope.errcode);
    }
    const seconds = Number(answer.expires_in);
    const ttl = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : this.options.defaultTtlMs;
    const fetchedAt = this.options.now();
    // A short-lived token keeps at least half its life usable.
    const margin = Math.min(this.options.marginMs, ttl / 2);
    this.cached = { token: answer.access_token, expiresAt: fetchedAt + ttl, staleAt: fetchedAt + ttl - margin };
    return this.cached;
  }
}
