/**
 * jumdata's dialect of the shared retry loop: 500/501/606/609 are transient (codes.ts), and 606/609 never surface
 * while the time budget remains.
 */
import { ProviderError } from '../provider.js';
import { retryWith, type RetryCallOptions, type RetryDialect, type RetryPolicy } from '../shared/retry.js';
import { actionFor, messageOf } from './codes.js';
import type { JumdataEnvelope } from './wire.js';

const JUMDATA: RetryDialect<JumdataEnvelope> = {
  name: 'jumdata',
  label: '税务接口',
  retryFailure(envelope) {
    const action = actionFor(envelope.code);
    return action.kind === 'retry' ? new ProviderError(action.exhausted, messageOf(envelope), envelope.code) : undefined;
  },
};

export function withRetry(attempt: () => Promise<JumdataEnvelope>, policy: RetryPolicy, options: RetryCallOptions): Promise<JumdataEnvelope> {
  return retryWith(attempt, policy, options, JUMDATA);
}
