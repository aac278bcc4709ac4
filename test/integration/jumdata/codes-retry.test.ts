/** The return-code table and the retry loop, driven by plain attempt functions and a fake clock. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ProviderError, ProviderErrorCode } from '../../../src/api/provider.js';
import { actionFor, errorFromEnvelope, issuingOutcomeOf, requireOk } from '../../../src/api/jumdata/codes.js';
import { withRetry } from '../../../src/api/jumdata/retry.js';
import { JUMDATA_CODE_MESSAGES, type JumdataEnvelope } from '../../../src/api/jumdata/wire.js';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy } from '../../../src/api/shared/retry.js';
import { TransportError } from '../../../src/api/shared/transport-error.js';

const silent = pino({ level: 'silent' });
const envelope = (code: number, msg = ''): JumdataEnvelope => ({ code, msg, charge: false, taskNo: 't' });

describe('return codes', () => {
  it.each([
    [301, ProviderErrorCode.AccountUnknown, 'user'],
    [302, ProviderErrorCode.LoginRequired, 'user'],
    [312, ProviderErrorCode.FaceAuthRequired, 'user'],
    [315, ProviderErrorCode.FaceAuthRequired, 'user'],
    [399, ProviderErrorCode.BureauRefused, 'user'],
    [400, ProviderErrorCode.BadRequest, 'user'],
    [404, ProviderErrorCode.EndpointNotFound, 'config'],
    [500, ProviderErrorCode.Unavailable, 'retryable'],
    [501, ProviderErrorCode.Unavailable, 'retryable'],
    [601, ProviderErrorCode.NotEnabled, 'config'],
    [602, ProviderErrorCode.AccountDisabled, 'config'],
    [604, ProviderErrorCode.NotEnabled, 'config'],
    [606, ProviderErrorCode.RateLimited, 'retryable'],
    [607, ProviderErrorCode.IpNotWhitelisted, 'config'],
    [609, ProviderErrorCode.RateLimited, 'retryable'],
    [303, ProviderErrorCode.TokenRejected, 'config'],
    [777, ProviderErrorCode.Protocol, 'retryable'],
  ])('%i → %s (%s)', (code, errorCode, category) => {
    const error = errorFromEnvelope(envelope(code));
    expect(error.code).toBe(errorCode);
    expect(error.category).toBe(category);
    expect(error.providerCode).toBe(code);
    expect(() => requireOk(envelope(code))).toThrow(ProviderError);
  });

  it('keeps the bureau message of 399 and falls back to the document message', () => {
    expect(errorFromEnvelope(envelope(399, '蓝票没有可红冲的金额,不可再次红冲!')).message).toBe('蓝票没有可红冲的金额,不可再次红冲!');
    expect(errorFromEnvelope(envelope(607)).message).toBe(JUMDATA_CODE_MESSAGES[607]);
    expect(errorFromEnvelope(envelope(777, 'odd')).message).toContain('777');
  });

  it('turns 202/302/312/315 into outcomes for issuing calls only', () => {
    expect(issuingOutcomeOf(envelope(202))).toEqual({ status: 'in_progress' });
    expect(issuingOutcomeOf(envelope(202), 'u')).toEqual({ status: 'in_progress', uuid: 'u' });
    expect(issuingOutcomeOf(envelope(302, '登录失效'))).toEqual({ status: 'needs_login', message: '登录失效' });
    expect(issuingOutcomeOf(envelope(312))).toEqual({ status: 'needs_face_auth', message: JUMDATA_CODE_MESSAGES[312] });
    expect(issuingOutcomeOf(envelope(315)).status).toBe('needs_face_auth');
    expect(() => issuingOutcomeOf(envelope(399, 'no'))).toThrow('no');
    expect(actionFor(311)).toEqual({ kind: 'face_scan_pending' });
    expect(actionFor(303)).toEqual({ kind: 'refresh_token' });
  });
});

function fakeTime(overrides: Partial<RetryPolicy> = {}): { policy: RetryPolicy; slept: number[] } {
  let clock = 1_000_000;
  const slept: number[] = [];
  const policy = defaultRetryPolicy({
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    ...overrides,
  });
  return { policy, slept };
}

function scripted(answers: Array<JumdataEnvelope | TransportError>): { attempt: () => Promise<JumdataEnvelope>; count: () => number } {
  let calls = 0;
  return {
    attempt: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)] as JumdataEnvelope | TransportError;
      calls += 1;
      if (answer instanceof TransportError) throw answer;
      return answer;
    },
    count: () => calls,
  };
}

describe('retry', () => {
  it('backs off exponentially, capped, with jitter in the upper half', () => {
    const { policy } = fakeTime({ baseDelayMs: 1000, maxDelayMs: 8000, random: () => 0 });
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(policy, n))).toEqual([500, 1000, 2000, 4000, 4000]);
    const high = { ...policy, random: () => 0.999 };
    expect(backoffDelay(high, 3)).toBeLessThanOrEqual(8000);
    expect(backoffDelay(high, 3)).toBeGreaterThan(7900);
  });

  it('retries 500/501/606/609 and transport errors until an answer', async () => {
    const { policy, slept } = fakeTime();
    const script = scripted([envelope(500), envelope(501), envelope(606), envelope(609), new TransportError('ECONNRESET', true), envelope(200)]);
    const result = await withRetry(script.attempt, policy, { idempotent: true, logger: silent });
    expect(result.code).toBe(200);
    expect(script.count()).toBe(6);
    expect(slept).toHaveLength(5);
    expect(slept[1]).toBeGreaterThan(slept[0] as number);
  });

  it('surfaces RateLimited / Unavailable once the budget is spent, never before', async () => {
    for (const [code, expected] of [
      [606, ProviderErrorCode.RateLimited],
      [500, ProviderErrorCode.Unavailable],
    ] as const) {
      const { policy, slept } = fakeTime({ budgetMs: 60_000 });
      const script = scripted([envelope(code)]);
      const error = await withRetry(script.attempt, policy, { idempotent: true, logger: silent }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).code).toBe(expected);
      expect((error as ProviderError).category).toBe('retryable');
      const spent = slept.reduce((a, b) => a + b, 0);
      expect(spent).toBeLessThanOrEqual(60_000);
      // It stopped only because the next wait would overrun the budget.
      expect(spent + backoffDelay(policy, slept.length)).toBeGreaterThan(60_000);
    }
  });

  it('does not repeat a non-idempotent call that may have been delivered', async () => {
    const { policy, slept } = fakeTime();
    const script = scripted([new TransportError('headers timeout', true), envelope(200)]);
    const error = await withRetry(script.attempt, policy, { idempotent: false, logger: silent }).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe(ProviderErrorCode.Unavailable);
    expect(script.count()).toBe(1);
    expect(slept).toHaveLength(0);

    const refused = scripted([new TransportError('ECONNREFUSED', false), envelope(200)]);
    expect((await withRetry(refused.attempt, policy, { idempotent: false, logger: silent })).code).toBe(200);
  });

  it('does not retry final codes', async () => {
    const { policy } = fakeTime();
    const script = scripted([envelope(399, 'x')]);
    expect((await withRetry(script.attempt, policy, { idempotent: true, logger: silent })).code).toBe(399);
    expect(script.count()).toBe(1);
  });
});
