/** Every failure path of the return-code table and the transport, against the simulator, with a fake back-off clock. */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderErrorCode } from '../../../src/api/provider.js';
import type { RunningSandbox } from '../../../src/api/sandbox/index.js';
import { ACCOUNT, calls, client, control, draft, expectProviderError, ready, sandbox, type TestClient } from './harness.js';

let box: RunningSandbox;
let test: TestClient;
const extra: TestClient[] = [];

beforeAll(async () => {
  box = await sandbox();
});
afterAll(async () => {
  await box.close();
});
beforeEach(async () => {
  await control(box.url, 'reset', {});
  test = client(box.url);
  await ready(test.provider, box.url);
});
afterEach(async () => {
  await test.provider.close();
  for (const other of extra.splice(0)) await other.provider.close();
});

const QUERY = 'red-confirmation/query';
const codesOf = async (path: string): Promise<number[]> => (await calls(box.url, path)).map((c) => c.code);

describe('transient codes: retried with back-off', () => {
  it.each([500, 501, 606, 609])('%i three times, then success within the budget', async (code) => {
    await control(box.url, 'inject', { code, count: 3, path: QUERY });
    expect(await test.provider.listConfirmations(ACCOUNT)).toEqual([]);
    expect(await codesOf(QUERY)).toEqual([code, code, code, 200]);
    expect(test.slept).toHaveLength(3);
    expect(test.slept[2]).toBeGreaterThan(test.slept[0] as number);
  });

  it.each([
    [500, ProviderErrorCode.Unavailable],
    [501, ProviderErrorCode.Unavailable],
    [606, ProviderErrorCode.RateLimited],
    [609, ProviderErrorCode.RateLimited],
  ])('%i past the budget surfaces as %s (retryable)', async (code, expected) => {
    await control(box.url, 'inject', { code, count: 1000, path: QUERY });
    const error = await expectProviderError(test.provider.listConfirmations(ACCOUNT), expected, 'retryable');
    expect(error.providerCode).toBe(code);
    const waited = test.slept.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(60_000);
    expect(waited).toBeGreaterThan(20_000);
    expect((await codesOf(QUERY)).length).toBe(test.slept.length + 1);
  });

  it('a smaller budget gives up sooner', async () => {
    const quick = client(box.url, { retryBudgetMs: 3_000 });
    extra.push(quick);
    await control(box.url, 'inject', { code: 609, count: 1000, path: QUERY });
    await expectProviderError(quick.provider.listConfirmations(ACCOUNT), ProviderErrorCode.RateLimited, 'retryable');
    expect(quick.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3_000);
  });

  it('a blue submit is retried too (taskId makes it safe) and issues once', async () => {
    await control(box.url, 'inject', { code: 501, count: 2, path: 'blue-invoice/submit' });
    const outcome = await test.provider.issueBlue(ACCOUNT, 'retry-task', draft());
    expect(outcome.status).toBe('issued');
    expect(await codesOf('blue-invoice/submit')).toEqual([501, 501, 200]);
    expect((await control<{ blue: unknown[] }>(box.url, 'invoices')).blue).toHaveLength(1);
  });
});

describe('final codes: no retry', () => {
  it.each([
    [601, ProviderErrorCode.NotEnabled, 'config'],
    [602, ProviderErrorCode.AccountDisabled, 'config'],
    [604, ProviderErrorCode.NotEnabled, 'config'],
    [607, ProviderErrorCode.IpNotWhitelisted, 'config'],
    [400, ProviderErrorCode.BadRequest, 'user'],
    [404, ProviderErrorCode.EndpointNotFound, 'config'],
    [301, ProviderErrorCode.AccountUnknown, 'user'],
    [312, ProviderErrorCode.FaceAuthRequired, 'user'],
    [315, ProviderErrorCode.FaceAuthRequired, 'user'],
    [777, ProviderErrorCode.Protocol, 'retryable'],
  ] as const)('%i → %s (%s), one call', async (code, expected, category) => {
    await control(box.url, 'inject', { code, count: 1, path: QUERY });
    const error = await expectProviderError(test.provider.listConfirmations(ACCOUNT), expected, category);
    expect(error.providerCode).toBe(code);
    expect(await codesOf(QUERY)).toEqual([code]);
    expect(test.slept).toEqual([]);
  });

  it('a config code on an issuing call is an error, not an outcome', async () => {
    await control(box.url, 'inject', { code: 607, count: 1, path: 'blue-invoice/submit' });
    const error = await expectProviderError(test.provider.issueBlue(ACCOUNT, 't', draft()), ProviderErrorCode.IpNotWhitelisted, 'config');
    expect(error.message).toBe('ip不在白名单');
  });

  it('a client pointed at a wrong base path gets EndpointNotFound at once', async () => {
    const wrong = client(`${box.url}/not-the-api`);
    extra.push(wrong);
    await expectProviderError(wrong.provider.listConfirmations(ACCOUNT), ProviderErrorCode.EndpointNotFound, 'config');
    expect(wrong.slept).toEqual([]);
    expect(wrong.provider.stats().calls).toBe(1);
  });

  it('a wrong app secret is refused by the gateway (400 签名错误)', async () => {
    const forged = client(box.url, { appSecret: 'not-the-secret' });
    extra.push(forged);
    const error = await expectProviderError(forged.provider.sessionState(ACCOUNT), ProviderErrorCode.BadRequest, 'user');
    expect(error.message).toBe('签名错误');
  });
});

describe('transport', () => {
  it('a closed port is retried until the budget, then Unavailable', async () => {
    const port = await closedPort();
    const dead = client(`http://127.0.0.1:${port}`, { retryBudgetMs: 10_000 });
    extra.push(dead);
    await expectProviderError(dead.provider.sessionState(ACCOUNT), ProviderErrorCode.Unavailable, 'retryable');
    expect(dead.slept.length).toBeGreaterThan(1);
    expect(dead.provider.stats().calls).toBe(dead.slept.length + 1);
  });

  it('an answer slower than the response timeout is retried; the retry succeeds', async () => {
    const impatient = client(box.url, { responseTimeoutMs: 1_000 });
    extra.push(impatient);
    await control(box.url, 'inject', { latencyMs: 5_000, count: 1, path: QUERY });
    expect(await impatient.provider.listConfirmations(ACCOUNT)).toEqual([]);
    // At least the one timed-out call was retried (a very busy machine may time out once more).
    expect(impatient.slept.length).toBeGreaterThanOrEqual(1);
    expect((await calls(box.url, QUERY)).at(-1)?.code).toBe(200);
  });

  it('answers that stay slow surface as Unavailable after the budget', async () => {
    const impatient = client(box.url, { responseTimeoutMs: 1_000, retryBudgetMs: 4_000 });
    extra.push(impatient);
    await control(box.url, 'inject', { latencyMs: 5_000, count: 100, path: QUERY });
    await expectProviderError(impatient.provider.listConfirmations(ACCOUNT), ProviderErrorCode.Unavailable, 'retryable');
    expect(impatient.slept.length).toBeGreaterThanOrEqual(1);
  });

  it('a red submit whose answer is lost is not repeated (it could reverse twice)', async () => {
    const blue = await test.provider.issueBlue(ACCOUNT, 'b1', draft());
    if (blue.status !== 'issued') throw new Error('not issued');
    const impatient = client(box.url, { responseTimeoutMs: 1_000 });
    extra.push(impatient);
    await impatient.provider.listConfirmations(ACCOUNT); // its own token first
    const sleptBefore = impatient.slept.length;
    await control(box.url, 'inject', { latencyMs: 2_500, count: 1, path: 'red-invoice/submit' });
    const error = await expectProviderError(
      impatient.provider.submitRed(ACCOUNT, { blueNumber: blue.invoice.number, blueIssuedAt: blue.invoice.issuedAt, reason: '01' }),
      ProviderErrorCode.Unavailable,
      'retryable',
    );
    expect(error.message).toContain('结果未知');
    expect(impatient.slept.length).toBe(sleptBefore);
    // The simulator finishes the one call after its latency; wait for its log rather than for a fixed time.
    await expect.poll(async () => (await calls(box.url, 'red-invoice/submit')).length, { timeout: 10_000 }).toBe(1);
  });
});

describe('stats', () => {
  it('counts every call and every billed call, as the provider logged them', async () => {
    const fresh = client(box.url);
    extra.push(fresh);
    await control(box.url, 'reset', {});
    await ready(fresh.provider, box.url);
    await fresh.provider.issueBlue(ACCOUNT, 's1', draft());
    await fresh.provider.issueBlue(ACCOUNT, 's1', draft());
    await fresh.provider.listConfirmations(ACCOUNT);
    await control(box.url, 'inject', { code: 606, count: 2, path: QUERY });
    await fresh.provider.listConfirmations(ACCOUNT);

    const log = await calls(box.url);
    expect(fresh.provider.stats()).toEqual({ calls: log.length, billedCalls: log.filter((c) => c.charge).length });
    expect(fresh.provider.stats().billedCalls).toBeGreaterThan(0);
    expect(fresh.provider.stats().billedCalls).toBeLessThan(fresh.provider.stats().calls);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
