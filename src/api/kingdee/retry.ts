/**
 * Kingdee's transient answers (9999, 1005) and transport failures, retried with jumdata's back-off policy while the
 * budget lasts. A call that is not safe to repeat (red apply, confirmation update) retries only what proves nothing
 * happened: a refused connection or a rate limit.
 */
import type { Logger } from 'pino';
import { ProviderError, ProviderErrorCode } from '../provider.js';
import { TransportError } from '../jumdata/http.js';
import { backoffDelay, type RetryPolicy } from '../jumdata/retry.js';
import { actionFor, messageOf } from './codes.js';
import type { KingdeeEnvelope } from './wire.js';

export async function withKingdeeRetry(
  attempt: () => Promise<KingdeeEnvelope>,
  policy: RetryPolicy,
  options: { idempotent: boolean; logger: Logger },
): Promise<KingdeeEnvelope> {
  const started = policy.now();
  for (let retries = 0; ; retries += 1) {
    let failure: ProviderError;
    try {
      const envelope = await attempt();
      const action = actionFor(envelope.errcode);
      if (action.kind !== 'retry') return envelope;
      failure = new ProviderError(action.exhausted, messageOf(envelope), envelope.errcode);
      if (!options.idempotent && action.exhausted === ProviderErrorCode.Unavailable) throw failure;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (error.maybeDelivered && !options.idempotent) {
        throw new ProviderError(ProviderErrorCode.Unavailable, '金蝶接口无应答,结果未知,请稍后查询确认');
      }
      failure = new ProviderError(ProviderErrorCode.Unavailable, '金蝶接口暂时无法连接,请稍后再试');
    }
    const delay = backoffDelay(policy, retries);
    if (policy.now() - started + delay > policy.budgetMs) {
      options.logger.warn({ retries, code: failure.code, providerCode: failure.providerCode }, 'kingdee retry budget exhausted');
      throw failure;
    }
    options.logger.info({ retries: retries + 1, delayMs: delay, providerCode: failure.providerCode }, 'kingdee retrying');
    await policy.sleep(delay);
  }
}
