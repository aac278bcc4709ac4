/**
 * Kingdee's transient answers (9999, 1005) and transport failures, retried with the shared back-off policy while the
 * budget lasts. A call that is not safe to repeat (red apply, confirmation update) retries only what proves nothing
 * happened: a refused connection or a rate limit.
 */
import { ProviderError } from '../provider.js';
import { retryWith, type RetryCallOptions, type RetryDialect, type RetryPolicy } from '../shared/retry.js';
import { actionFor, messageOf } from './codes.js';
import type { KingdeeEnvelope } from './wire.js';

const KINGDEE: RetryDialect<KingdeeEnvelope> = {
  name: 'kingdee',
  label: '金蝶接口',
  retryFailure(envelope) {
    const action = actionFor(envelope.errcode);
    return action.kind === 'retry' ? new ProviderError(action.exhausted, messageOf(envelope), envelope.errcode) : undefined;
  },
};

export function withKingdeeRetry(
  attempt: () => Promise<KingdeeEnvelope>,
  policy: RetryPolicy,
  options: RetryCallOptions,
): Promise<KingdeeEnvelope> {
  return retryWith(attempt, policy, options, KINGDEE);
}
