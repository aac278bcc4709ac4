/**
 * Why a chat platform did not take a message, coded so that workflows act on it without knowing the platform:
 * - `target_gone`: the chat or message is gone, or the bot is no longer in it — sending again will not help;
 * - `rejected`: the platform refused this request (bad content, missing permission) — the same request fails again;
 * - `rate_limited`: too many sends, still, after the sender's own waits — try later;
 * - `unavailable`: no answer or a server error — try later.
 */
export type ChatSendErrorCode = 'target_gone' | 'rejected' | 'rate_limited' | 'unavailable';

export class ChatSendError extends Error {
  constructor(
    readonly code: ChatSendErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChatSendError';
  }

  /** Whether the same send could succeed later. */
  get retryable(): boolean {
    return this.code === 'rate_limited' || this.code === 'unavailable';
  }
}

/** True for an error that says sending this job's messages again is pointless until something changes. */
export function isPermanentSendFailure(error: unknown): boolean {
  return error instanceof ChatSendError && !error.retryable;
}
