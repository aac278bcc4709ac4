/**
 * One signed form POST to jumdata and its envelope. Transport failures (no connection, timeouts, non-2xx, a body that
 * is not JSON) become the shared `TransportError`, which the retry layer treats as transient; everything else is the
 * envelope.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'undici';
import type { Logger } from 'pino';
import { ProviderError, ProviderErrorCode, type ProviderStats } from '../provider.js';
import { answerObject } from '../shared/answer.js';
import { postForText } from '../shared/post.js';
import { providerPool } from '../shared/provider-pool.js';
import { JUMDATA_PATH_PREFIX, type JumdataEnvelope } from './wire.js';
import { redactSecrets } from './redact.js';

export interface JumdataHttpOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  logger: Logger;
  connectTimeoutMs: number;
  /** Headers and body timeout of one call. */
  responseTimeoutMs: number;
}

export type FormParams = Record<string, string | undefined>;

export function signOf(appId: string, appSecret: string, timestamp: string): string {
  return createHash('sha256').update(appId + appSecret + timestamp).digest('hex');
}

export class JumdataHttp {
  private readonly pool: Pool;
  private readonly basePath: string;
  private calls = 0;
  private billedCalls = 0;

  constructor(private readonly options: JumdataHttpOptions) {
    ({ pool: this.pool, basePath: this.basePath } = providerPool(options.baseUrl, options));
  }

  async post(path: string, params: FormParams): Promise<JumdataEnvelope> {
    const { appId, appSecret, logger } = this.options;
    // The provider checks the signature against its wall clock, so this is never the injectable test clock.
    const timestamp = String(Date.now());
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) form.set(key, value);
    form.set('appId', appId);
    form.set('timestamp', timestamp);
    form.set('sign', signOf(appId, appSecret, timestamp));

    const fullPath = `${this.basePath}${JUMDATA_PATH_PREFIX}${path}`;
    const log = logger.child({ provider: 'jumdata', path });
    log.debug({ params: redactSecrets(Object.fromEntries(form)) }, 'jumdata request');
    const started = Date.now();
    this.calls += 1;

    const text = await postForText(
      this.pool,
      {
        path: fullPath,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      },
      { log, name: 'jumdata', label: '税务接口', shownPath: path, started },
    );
    const envelope = parseEnvelope(text);
    if (envelope.charge === true) this.billedCalls += 1;
    log.debug(
      { code: envelope.code, msg: envelope.msg, charge: envelope.charge, taskNo: envelope.taskNo, data: redactSecrets(envelope.data), ms: Date.now() - started },
      'jumdata response',
    );
    return envelope;
  }

  stats(): ProviderStats {
    return { calls: this.calls, billedCalls: this.billedCalls };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function parseEnvelope(text: string): JumdataEnvelope {
  const raw = answerObject(text);
  const code = typeof raw.code === 'string' && /^\d+$/.test(raw.code) ? Number(raw.code) : raw.code;
  if (typeof code !== 'number' || !Number.isInteger(code)) {
    throw new ProviderError(ProviderErrorCode.Protocol, '税务接口返回格式无法识别(缺少 code)');
  }
  return {
    code,
    msg: typeof raw.msg === 'string' ? raw.msg : '',
    charge: raw.charge === true || raw.charge === 'true',
    taskNo: typeof raw.taskNo === 'string' ? raw.taskNo : '',
    data: raw.data ?? undefined,
  };
}
