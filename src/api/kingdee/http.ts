/**
 * One JSON POST to Kingdee and its envelope. `reqid` and `access_token` ride on the query string; a business body is
 * `{"data": "<AES of the JSON>"}`. Transport failures become the shared `TransportError` (transient, maybe
 * delivered); everything else is the envelope. Log lines carry the path, reqid, errcode and description only:
 * never the token, the body or the credentials.
 */
import { randomInt } from 'node:crypto';
import type { Pool } from 'undici';
import type { Logger } from 'pino';
import { ProviderError, ProviderErrorCode, type ProviderStats } from '../provider.js';
import { answerObject } from '../shared/answer.js';
import { postForText } from '../shared/post.js';
import { providerPool } from '../shared/provider-pool.js';
import type { KingdeeEnvelope } from './wire.js';

export interface KingdeeHttpOptions {
  baseUrl: string;
  logger: Logger;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
}

/** 13-digit millisecond timestamp and 3 random digits (the seed). */
export function newReqId(): string {
  return `${Date.now()}${String(randomInt(1000)).padStart(3, '0')}`;
}

export class KingdeeHttp {
  private readonly pool: Pool;
  private readonly basePath: string;
  private calls = 0;

  constructor(private readonly options: KingdeeHttpOptions) {
    ({ pool: this.pool, basePath: this.basePath } = providerPool(options.baseUrl, options));
  }

  /** `query` holds the access token: it goes on the wire and nowhere else. */
  async post(path: string, body: unknown, query: Record<string, string> = {}): Promise<KingdeeEnvelope> {
    const reqid = newReqId();
    const search = new URLSearchParams({ reqid, ...query });
    const log = this.options.logger.child({ provider: 'kingdee', path, reqid });
    const started = Date.now();
    this.calls += 1;
    const text = await postForText(
      this.pool,
      {
        path: `${this.basePath}${path}?${search.toString()}`,
        headers: { 'content-type': 'application/json;charset=utf-8', accept: 'application/json' },
        body: JSON.stringify(body),
      },
      { log, name: 'kingdee', label: '金蝶接口', shownPath: path, started },
    );
    const envelope = parseEnvelope(text);
    log.debug({ errcode: envelope.errcode, description: envelope.description, ms: Date.now() - started }, 'kingdee response');
    return envelope;
  }

  stats(): ProviderStats {
    // Kingdee's envelope says nothing of billing.
    return { calls: this.calls, billedCalls: 0 };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function parseEnvelope(text: string): KingdeeEnvelope {
  const raw = answerObject(text);
  const errcode = typeof raw.errcode === 'number' ? String(raw.errcode).padStart(4, '0') : raw.errcode;
  if (typeof errcode !== 'string' || errcode === '') {
    throw new ProviderError(ProviderErrorCode.Protocol, '金蝶接口返回格式无法识别(缺少 errcode)');
  }
  const { errcode: _code, description, data, ...beside } = raw;
  return { errcode, description: typeof description === 'string' ? description : '', data: data ?? undefined, beside };
}
