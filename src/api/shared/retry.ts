/**
 * The retry loop of both clients: transient failures (the answers a provider's dialect calls retryable, and transport
 * errors) back off exponentially with jitter and are retried while the time budget lasts; a retry code never surfaces
 * while time remains. Clock, sleep and randomness are injectable so that tests run in no time.
 */
import type { Logger } from 'pino';
import { ProviderError, ProviderErrorCode } from '../provider.js';
import { TransportError } from './transport-error.js';

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

/** The back-off knobs a provider client takes (both clients name them alike). */
export interface RetryTuning {
  retryBudgetMs?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The default policy with a client's tuning on top, on the client's clock. */
export function retryPolicyFrom(tuning: RetryTuning, now: () => number): RetryPolicy {
  return defaultRetryPolicy({
    now,
    ...(tuning.retryBudgetMs !== undefined && { budgetMs: tuning.retryBudgetMs }),
    ...(tuning.sleep && { sleep: tuning.sleep }),
    ...(tuning.retryBaseDelayMs !== undefined && { baseDelayMs: tuning.retryBaseDelayMs }),
    ...(tuning.retryMaxDelayMs !== undefined && { maxDelayMs: tuning.retryMaxDelayMs }),
    ...(tuning.random && { random: tuning.random }),
  });
}

/** Delay before retry number `attempt` (0-based): exponential, capped, with the upper half jittered. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

export interface RetryCallOptions {
  /**
   * Whether repeating a call that may have reached the provider is safe. A non-idempotent call (red submit, confirm)
   * retries only failures that prove nothing happened: a refused connection or a rate-limit code (jumdata's 606 / 609,
   * refused at the gate). A server error (jumdata's 500 / 501) may come after the bureau acted, so the caller finds out
   * what happened instead.
   */
  idempotent: boolean;
  logger: Logger;
}

/** What a provider's answers mean to the retry loop, and how its failures read in logs and chat. */
export interface RetryDialect<E> {
  /** For log messages: `jumdata`, `kingdee`. */
  name: string;
  /** For the chat: `税务接口`, `金蝶接口`. */
  label: string;
  /** The failure to retry after, when the answer is a retry code; undefined for an answer to hand back. */
  retryFailure(envelope: E): ProviderError | undefined;
}

/** Retries transient answers and transport failures with back-off while the budget lasts (rules: RetryCallOptions). */
export async function retryWith<E>(
  attempt: () => Promise<E>,
  policy: RetryPolicy,
  options: RetryCallOptions,
  dialect: RetryDialect<E>,
): Promise<E> {
  const started = policy.now();
  for (let retries = 0; ; retries += 1) {
    let failure: ProviderError;
    try {
      const envelope = await attempt();
      const retryable = dialect.retryFailure(envelope);
      if (!retryable) return envelope;
      failure = retryable;
      if (!options.idempotent && failure.code === ProviderErrorCode.Unavailable) throw failure;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      failure = new ProviderError(ProviderErrorCode.Unavailable, `${dialect.label}暂时无法连接,请稍后再试`);
      if (error.maybeDelivered && !options.idempotent) {
        // The provider may have done it: repeating could act twice. The caller reconciles later instead.
        throw new ProviderError(ProviderErrorCode.Unavailable, `${dialect.label}无应答,结果未知,请稍后查询确认`);
      }
    }
    const delay = backoffDelay(policy, retries);
    if (policy.now() - started + delay > policy.budgetMs) {
      options.logger.warn({ retries, code: failure.code, providerCode: failure.providerCode }, `${dialect.name} retry budget exhausted`);
      throw failure;
    }
    options.logger.info({ retries: retries + 1, delayMs: delay, providerCode: failure.providerCode }, `${dialect.name} retrying`);
    await policy.sleep(delay);
  }
}
