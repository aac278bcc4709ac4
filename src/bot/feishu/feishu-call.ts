/**
 * One open-platform call with the platform's failure modes handled: an HTTP 200 whose `code` is not 0 is a failure,
 * a rate limit (HTTP 429 / 99991400, or the message frequency limit HTTP 400 / 230020) waits and retries the same
 * request, and a rejected tenant token
 * (99991663 / 99991661) is dropped from the cache and the call retried once with a fresh one.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { ChatSendError, type ChatSendErrorCode } from '../chat-send-error.js';
import type { FeishuApiBody } from './wire.js';

export const RATE_LIMIT_CODE = 99991400;
/**
 * "This operation triggers the frequency limit" (HTTP 400): more than 5 updates a second to one message, or too many
 * messages a second into one chat (5 QPS per group, shared by its bots). Documented on the PATCH message API.
 */
export const MESSAGE_FREQUENCY_LIMIT_CODE = 230020;
const RATE_LIMITED_CODES = new Set([RATE_LIMIT_CODE, MESSAGE_FREQUENCY_LIMIT_CODE]);
/** Invalid/expired tenant token, missing token. */
export const TOKEN_REJECTED_CODES = new Set([99991663, 99991661]);

const MAX_WAIT_MS = 30_000;
const BASE_BACKOFF_MS = 500;

/**
 * The chat, the message or the bot's place in the chat is gone: 230002 the bot is not in the group, 230045 the chat
 * does not exist (dissolved), 230011 the message was recalled, 230013 the user is outside the bot's availability.
 */
const TARGET_GONE_CODES = new Set([230002, 230011, 230013, 230045]);

/** A failed call; its message names the operation, HTTP status and the platform's code and msg, never a credential. */
export class FeishuApiError extends ChatSendError {
  readonly status?: number;
  readonly platformCode?: number;
  readonly platformMsg?: string;

  constructor(operation: string, details: { status?: number; code?: number; msg?: string }) {
    const parts = [
      details.status !== undefined ? `HTTP ${details.status}` : undefined,
      details.code !== undefined ? `code ${details.code}` : undefined,
      details.msg,
    ].filter(Boolean);
    super(sendErrorCode(details.status, details.code), `Feishu ${operation} failed: ${parts.join(', ')}`);
    this.name = 'FeishuApiError';
    this.status = details.status;
    this.platformCode = details.code;
    this.platformMsg = details.msg;
  }
}

function sendErrorCode(status: number | undefined, code: number | undefined): ChatSendErrorCode {
  if (code !== undefined && TARGET_GONE_CODES.has(code)) return 'target_gone';
  if (status === 429 || (code !== undefined && RATE_LIMITED_CODES.has(code))) return 'rate_limited';
  // No HTTP answer at all (network, token fetch), or the platform's own failure.
  if (status === undefined || status >= 500) return 'unavailable';
  return 'rejected';
}

export interface FeishuCallContext {
  client: lark.Client;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  /** Rate-limit retries before giving up. */
  maxRetries: number;
  /** Drops the cached tenant token. */
  clearToken: () => Promise<void>;
}

interface Outcome<T> {
  status: number;
  body: FeishuApiBody<T> | null | undefined;
  headers?: Record<string, unknown>;
}

/**
 * Runs `request` (an SDK call returning the answer body) until it succeeds or fails for good.
 * Retrying is safe because every send carries its idempotency `uuid`. `paced`, when given, wraps every attempt
 * (retries count against the platform's limits too); the waits between retries happen outside it.
 */
export async function callFeishu<T>(
  context: FeishuCallContext,
  operation: string,
  request: () => Promise<FeishuApiBody<T> | null | undefined>,
  paced?: <R>(attempt: () => Promise<R>) => Promise<R>,
): Promise<FeishuApiBody<T>> {
  let rateLimitRetries = 0;
  let tokenRefreshed = false;
  for (;;) {
    const once = () => attempt(operation, request);
    const outcome = await (paced ? paced(once) : once());
    const code = outcome.body?.code;
    if (outcome.status < 300 && code === 0) return outcome.body as FeishuApiBody<T>;
    const rateLimited = outcome.status === 429 || (code !== undefined && RATE_LIMITED_CODES.has(code));
    if (rateLimited && rateLimitRetries < context.maxRetries) {
      rateLimitRetries += 1;
      const waitMs = backoffMs(outcome.headers, rateLimitRetries);
      context.logger.warn({ operation, code, retry: rateLimitRetries, waitMs }, 'feishu rate limited; retrying');
      await context.sleep(waitMs);
      continue;
    }
    if (code !== undefined && TOKEN_REJECTED_CODES.has(code) && !tokenRefreshed) {
      tokenRefreshed = true;
      context.logger.info({ operation, code }, 'feishu rejected the tenant token; fetching a new one');
      await context.clearToken();
      continue;
    }
    throw new FeishuApiError(operation, { status: outcome.status, code, msg: outcome.body?.msg ?? 'no code in answer' });
  }
}

async function attempt<T>(operation: string, request: () => Promise<FeishuApiBody<T> | null | undefined>): Promise<Outcome<T>> {
  try {
    return { status: 200, body: await request() };
  } catch (error) {
    const response = (error as { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } })
      ?.response;
    if (response && typeof response.status === 'number') {
      const data = typeof response.data === 'object' && response.data !== null ? (response.data as FeishuApiBody<T>) : null;
      return { status: response.status, body: data, headers: response.headers };
    }
    // No HTTP answer: network failure, or the SDK could not get a token (its message holds only code and msg).
    throw new FeishuApiError(operation, { msg: error instanceof Error ? error.message : String(error) });
  }
}

/** Honours `x-ogw-ratelimit-reset` (seconds until the window resets); otherwise doubles from 500 ms. */
function backoffMs(headers: Record<string, unknown> | undefined, retry: number): number {
  const reset = Number(headers?.['x-ogw-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return Math.min(reset * 1000, MAX_WAIT_MS);
  return Math.min(BASE_BACKOFF_MS * 2 ** (retry - 1), MAX_WAIT_MS);
}
