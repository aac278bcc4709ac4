/**
 * DingTalk's OpenAPI over undici: the v1.0 JSON API on DINGTALK_API_BASE (header `x-acs-dingtalk-access-token`) and
 * the legacy API on DINGTALK_OAPI_BASE (`?access_token=`, HTTP 200 with an `errcode`): `media/upload`, `topapi/…`. One call is retried here only when that cannot
 * post twice: after a rate limit (waiting, a few times) and after a rejected token (once, with a fresh one). Anything
 * else becomes a coded DingTalkApiError for the caller (the job runner retries `unavailable` later).
 */
import { Agent, FormData, request } from 'undici';
import type { Logger } from 'pino';
import { AccessTokenCache } from './access-token.js';
import { DingTalkApiError, isRateLimited, isTokenRejected } from './api-error.js';
import type { DingTalkErrorBody, DingTalkOapiBody, DingTalkTokenBody } from './wire.js';

export interface DingTalkClientOptions {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  oapiBase: string;
  logger: Logger;
  /** Waits between rate-limit retries; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** Rate-limit retries per call (default 3). */
  maxRetries?: number;
  now?: () => number;
}

/** oapi's errcodes: 40014 invalid and 42001 expired access_token; 90002 / 90018 call frequency limits (unconfirmed). */
const OAPI_TOKEN_REJECTED = new Set([40014, 42001]);
const OAPI_RATE_LIMITED = new Set([90002, 90018]);

const BASE_BACKOFF_MS = 1_000;
const MAX_WAIT_MS = 30_000;
const TIMEOUT_MS = 15_000;

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
  retryAfter?: string;
}

export class DingTalkClient {
  private readonly agent = new Agent({ connectTimeout: TIMEOUT_MS, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  private readonly tokens: AccessTokenCache;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Logger;

  constructor(private readonly options: DingTalkClientOptions) {
    this.logger = options.logger.child({ component: 'dingtalk-api' });
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.tokens = new AccessTokenCache(() => this.fetchToken(), options.now);
  }

  /** A v1.0 API call with the app's access token; resolves with the answer's body. */
  async api<T>(operation: string, path: string, payload: unknown, method: 'POST' | 'PUT' = 'POST'): Promise<T> {
    return this.withRetries(operation, async (token) => {
      const answer = await this.send(operation, `${this.options.apiBase}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
        body: JSON.stringify(payload),
      });
      const error = answer.body as DingTalkErrorBody | undefined;
      return { ...answer, code: answer.status >= 400 ? error?.code : undefined, message: error?.message };
    }) as Promise<T>;
  }

  /** A legacy oapi call with a JSON body (`topapi/…`); resolves with the answer's body, its errcode 0. */
  async oapi<T extends DingTalkOapiBody>(operation: string, path: string, payload: unknown): Promise<T> {
    return this.oapiCall(operation, path, {}, () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }));
  }

  /** `media/upload` of a PNG as type image: the media id a `sampleImageMsg` shows. */
  async uploadImage(png: Buffer): Promise<string> {
    const operation = 'media.upload';
    const body = await this.oapiCall<DingTalkOapiBody>(operation, '/media/upload', { type: 'image' }, () => {
      const form = new FormData();
      form.set('type', 'image');
      form.set('media', new Blob([png], { type: 'image/png' }), 'qr.png');
      return { body: form };
    });
    if (!body.media_id) throw new DingTalkApiError(operation, { status: 200, message: 'no media_id in answer' });
    return body.media_id;
  }

  private async oapiCall<T>(
    operation: string,
    path: string,
    query: Record<string, string>,
    init: () => { headers?: Record<string, string>; body: string | FormData },
  ): Promise<T> {
    return (await this.withRetries(operation, async (token) => {
      const search = new URLSearchParams({ access_token: token, ...query });
      const answer = await this.send(operation, `${this.options.oapiBase}${path}?${search}`, init());
      const oapi = answer.body as DingTalkOapiBody | undefined;
      const errcode = oapi?.errcode;
      return { ...answer, status: oapiStatus(answer.status, errcode), code: errcode ? String(errcode) : undefined, message: oapi?.errmsg };
    })) as T;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async withRetries(
    operation: string,
    attempt: (token: string) => Promise<Answer & { code?: string; message?: string }>,
  ): Promise<unknown> {
    let rateLimitRetries = 0;
    let tokenRefreshed = false;
    for (;;) {
      const token = await this.tokens.get();
      const answer = await attempt(token);
      if (answer.status < 300) return answer.body ?? {};
      const { status, code, message } = answer;
      if (isTokenRejected(status, code) && !tokenRefreshed) {
        tokenRefreshed = true;
        this.logger.info({ operation, status, code }, 'dingtalk rejected the access token; fetching a new one');
        this.tokens.invalidate(token);
        continue;
      }
      if (isRateLimited(status, code) && rateLimitRetries < (this.options.maxRetries ?? 3)) {
        rateLimitRetries += 1;
        const waitMs = backoffMs(answer.retryAfter, rateLimitRetries);
        this.logger.warn({ operation, status, code, retry: rateLimitRetries, waitMs }, 'dingtalk rate limited; retrying');
        await this.sleep(waitMs);
        continue;
      }
      throw new DingTalkApiError(operation, { status, code, message });
    }
  }

  private async fetchToken(): Promise<{ token: string; expiresInMs: number }> {
    const operation = 'oauth2.accessToken';
    const answer = await this.send(operation, `${this.options.apiBase}/v1.0/oauth2/accessToken`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: this.options.clientId, appSecret: this.options.clientSecret }),
    });
    const body = answer.body as (DingTalkTokenBody & DingTalkErrorBody) | undefined;
    if (answer.status >= 300 || !body?.accessToken) {
      throw new DingTalkApiError(operation, { status: answer.status, code: body?.code, message: body?.message ?? 'no accessToken in answer' });
    }
    return { token: body.accessToken, expiresInMs: (body.expireIn ?? 7200) * 1000 };
  }

  /** One call (POST unless said); a transport failure is `unavailable` (its message never holds the URL, which may carry the token). */
  private async send(
    operation: string,
    url: string,
    init: { method?: 'POST' | 'PUT'; headers?: Record<string, string>; body: string | FormData },
  ): Promise<Answer> {
    let response;
    try {
      response = await request(url, { method: init.method ?? 'POST', dispatcher: this.agent, headers: init.headers, body: init.body });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      throw new DingTalkApiError(operation, { message: typeof code === 'string' ? code : 'no answer' });
    }
    const text = await response.body.text();
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      // not JSON: the status alone tells
    }
    const retryAfter = response.headers['retry-after'];
    return { status: response.statusCode, body, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
  }
}

/** oapi answers HTTP 200 with an errcode: mapped onto the v1.0 statuses the retry loop reads. */
function oapiStatus(httpStatus: number, errcode: number | undefined): number {
  if (errcode === undefined || errcode === 0) return httpStatus;
  if (OAPI_TOKEN_REJECTED.has(errcode)) return 401;
  if (OAPI_RATE_LIMITED.has(errcode)) return 429;
  return 400;
}

/** Honours `Retry-After` (seconds); otherwise doubles from a second. */
function backoffMs(retryAfter: string | undefined, retry: number): number {
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds > 0) return Math.min(seconds * 1000, MAX_WAIT_MS);
  return Math.min(BASE_BACKOFF_MS * 2 ** (retry - 1), MAX_WAIT_MS);
}
