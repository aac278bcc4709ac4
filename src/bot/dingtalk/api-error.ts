/**
 * A failed DingTalk OpenAPI call as a coded `ChatSendError`. Its message names the operation, the HTTP status and the
 * platform's code and message, never a token or a secret.
 *
 * The codes come from the robot API's error tables (invalidParameter.robotCode.notExsit "机器人不存在，请检查机器人是否
 * 在群内", invalid.openConversationId, bot.stopped) and the gateway's throttling answers (HTTP 403/429 with a code
 * naming a QPS/QPM limit); which of them a given failure uses is not fully documented, so they are kept here.
 */
import { ChatSendError, type ChatSendErrorCode } from '../chat-send-error.js';

/** The chat is gone or the bot is no longer in it. */
const TARGET_GONE_CODES = new Set([
  'invalidParameter.robotCode.notExsit',
  'invalid.openConversationId',
  'openConversationId.notExisted',
  'bot.stopped',
  'resource.not.found',
]);

/** An access token the platform no longer takes: fetch a new one and try once more. */
export function isTokenRejected(status: number, code: string | undefined): boolean {
  return status === 401 || /^InvalidAuthentication/i.test(code ?? '') || code === 'invalidAccessToken';
}

export function isRateLimited(status: number, code: string | undefined): boolean {
  return status === 429 || /(?:Qps|Qpm|Flow)Limit|Throttl/i.test(code ?? '');
}

export class DingTalkApiError extends ChatSendError {
  readonly status?: number;
  readonly platformCode?: string;

  constructor(operation: string, details: { status?: number; code?: string; message?: string }) {
    const parts = [
      details.status !== undefined ? `HTTP ${details.status}` : undefined,
      details.code !== undefined ? `code ${details.code}` : undefined,
      details.message,
    ].filter(Boolean);
    super(sendErrorCode(details.status, details.code), `DingTalk ${operation} failed: ${parts.join(', ')}`);
    this.name = 'DingTalkApiError';
    this.status = details.status;
    this.platformCode = details.code;
  }
}

function sendErrorCode(status: number | undefined, code: string | undefined): ChatSendErrorCode {
  if (code !== undefined && TARGET_GONE_CODES.has(code)) return 'target_gone';
  if (status !== undefined && isRateLimited(status, code)) return 'rate_limited';
  // No HTTP answer at all (network), or the platform's own failure.
  if (status === undefined || status >= 500) return 'unavailable';
  return 'rejected';
}
