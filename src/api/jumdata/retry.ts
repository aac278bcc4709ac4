/**
 * Transient failures (500/501/606/609 and transport errors) back off exponentially with jitter and are retried while
 * the time budget lasts; 606/609 never surface while time remains. Clock, sleep and randomness are injectable so that
 * tests run in no time.
 */
import type { Logger } from 'pino';
import { ProviderError, ProviderErrorCode } from '../provider.js';
import { actionFor, messageOf } from './codes.js';
import { TransportError } from './http.js';
import type { JumdataEnvelope } from './wire.js';

export interface RetryPolicy {
  /** Total time one call may spend retrying, measured with `now`. */
  budgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** In [0, 1). */
  random: () => number;
}

export const DEFAULT_RETRY_BUDGET_MS = 60_000;

export function defaultRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    budgetMs: DEFAULT_RETRY_BUDGET_MS,
    baseDelayMs: 1_000,
    maxDelayMs: 15_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    random: Math.random,
    ...overrides,
  };
}

/** Delay before retry number `attempt` (0-based): exponential, capped, with the upper half jittered. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

export interface RetryCallOptions {
  /**
   * Whether repeating a call that may have reached the provider is safe. A non-idempotent call (red submit, confirm)
   * retries only failures that prove nothing happened: a refused connection or a rate-limit code (606 / 609, refused
   * at the gate). A 500 / 501 may come after the bureau acted, so the caller finds out what happened instead.
   */
  idempotent: boolean;
  logger: Logger;
}

export async function withRetry(
  attempt: () => Promise<JumdataEnvelope>,
  policy: RetryPolicy,
  options: RetryCallOptions,
): Promise<JumdataEnvelope> {
  const started = policy.now();
  for (let retries = 0; ; retries += 1) {
    let failure: ProviderError;
    try {
      const envelope = await attempt();
      const action = actionFor(envelope.code);
      if (action.kind !== 'retry') return envelope;
      failure = new ProviderError(action.exhausted, messageOf(envelope), envelope.code);
      if (!options.idempotent && action.exhausted === ProviderErrorCode.Unavailable) throw failure;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      failure = new ProviderError(ProviderErrorCode.Unavailable, '税务接口暂时无法连接,请稍后再试');
      if (error.maybeDelivered && !options.idempotent) {
        // The provider may have done it: repeating could act twice. The caller reconciles later instead.
        throw new ProviderError(ProviderErrorCode.Unavailable, '税务接口无应答,结果未知,请稍后查询确认');
      }
    }
    const delay = backoffDelay(policy, retries);
    if (policy.now() - started + delay > policy.budgetMs) {
      options.logger.warn({ retries, code: failure.code, providerCode: failure.providerCode }, 'jumdata retry budget exhausted');
      throw failure;
    }
    options.logger.info({ retries: retries + 1, delayMs: delay, providerCode: failure.providerCode }, 'jumdata retrying');
    await policy.sleep(delay);
  }
}
