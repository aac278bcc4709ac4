/**
 * One signed form POST to jumdata and its envelope. Transport failures (no connection, timeouts, non-2xx, a body that
 * is not JSON) become `TransportError`, which the retry layer treats as transient; everything else is the envelope.
 */
import { createHash } from 'node:crypto';
import { Pool, errors as undiciErrors } from 'undici';
import type { Logger } from 'pino';
import { ProviderError, ProviderErrorCode, type ProviderStats } from '../provider.js';
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

/** A call that failed below the envelope. `maybeDelivered`: the provider may have acted on it (a timeout after send). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly maybeDelivered: boolean,
  ) {
    super(message);
  }
}

/** Errors that prove the request never reached the provider. */
const NOT_DELIVERED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

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

/** A keep-alive pool on the base URL's origin, and the path the base URL adds before every call. */
export function providerPool(
  baseUrl: string,
  timeouts: { connectTimeoutMs: number; responseTimeoutMs: number },
): { pool: Pool; basePath: string } {
  const url = new URL(baseUrl);
  const pool = new Pool(url.origin, {
    connectTimeout: timeouts.connectTimeoutMs,
    headersTimeout: timeouts.responseTimeoutMs,
    bodyTimeout: timeouts.responseTimeoutMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: 8,
  });
  return { pool, basePath: url.pathname.replace(/\/+$/, '') };
}

export interface PostFacts {
  log: Logger;
  /** For log messages: `jumdata`, `kingdee`. */
  name: string;
  /** For the chat: what the provider is called (`税务接口`, `金蝶接口`). */
  label: string;
  /** The path as the error names it (without base or query, which may hold a token). */
  shownPath: string;
  started: number;
}

/**
 * One POST on `pool`, answered with its body text, or the failure coded as the clients' retry loop expects: a closed
 * pool (shutting down) and a 404 (wrong base URL or path table) are not worth retrying; a transport failure says
 * whether the request may have been delivered; any other non-2xx may have been.
 */
export async function postForText(
  pool: Pool,
  request: { path: string; headers: Record<string, string>; body: string },
  { log, name, label, shownPath, started }: PostFacts,
): Promise<string> {
  let status: number;
  let text: string;
  try {
    const response = await pool.request({ method: 'POST', ...request });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    if (isClosedClient(error)) throw new ProviderError(ProviderErrorCode.Unavailable, `${label}客户端已关闭`);
    const transport = toTransportError(error);
    log.warn({ err: transport.message, maybeDelivered: transport.maybeDelivered, ms: Date.now() - started }, `${name} transport error`);
    throw transport;
  }
  if (status === 404) {
    log.error({ status }, `${name} endpoint not found`);
    throw new ProviderError(ProviderErrorCode.EndpointNotFound, `${label}地址不正确(HTTP 404): ${shownPath}`, 404);
  }
  if (status < 200 || status > 299) {
    log.warn({ status, ms: Date.now() - started }, `${name} http status`);
    throw new TransportError(`HTTP ${status}`, true);
  }
  return text;
}

/** An answer body as a JSON object; anything else is a transport failure whose request may have been handled. */
export function answerObject(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TransportError('answer is not JSON', true);
  }
  if (body === null || typeof body !== 'object') throw new TransportError('answer is not a JSON object', true);
  return body as Record<string, unknown>;
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

export function isClosedClient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED';
}

export function toTransportError(error: unknown): TransportError {
  const code = (error as { code?: unknown } | null)?.code;
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const codes = [code, causeCode].filter((c): c is string => typeof c === 'string');
  const notDelivered = codes.some((c) => NOT_DELIVERED_CODES.has(c)) || error instanceof undiciErrors.ConnectTimeoutError;
  const message = error instanceof Error ? `${codes[0] ?? error.name}: ${error.message}` : String(error);
  return new TransportError(message, !notDelivered);
}
