/** Login, session state, face auth and token handling against the simulator over loopback. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderErrorCode } from '../../../src/api/provider.js';
import type { RunningSandbox } from '../../../src/api/sandbox/index.js';
import { ACCOUNT, SMS_CODE, calls, client, control, expectProviderError, logIn, ready, sandbox, type TestClient } from './harness.js';

let box: RunningSandbox;
let test: TestClient;

beforeAll(async () => {
  box = await sandbox();
});
afterAll(async () => {
  await box.close();
});
beforeEach(async () => {
  await control(box.url, 'reset', {});
  test = client(box.url);
});
afterEach(async () => {
  await test.provider.close();
});

describe('login', () => {
  it('sends the SMS, refuses a wrong code (400 → LoginCodeRejected), accepts the right one', async () => {
    const started = await test.provider.login(ACCOUNT);
    expect(started.status).toBe('sms_sent');
    if (started.status !== 'sms_sent') return;
    expect(started.smsTaskId).not.toBe('');

    const wrong = await expectProviderError(
      test.provider.verifyLoginCode(ACCOUNT, started.smsTaskId, '000000'),
      ProviderErrorCode.LoginCodeRejected,
      'user',
    );
    expect(wrong.message).toBe('验证码错误');
    expect(wrong.providerCode).toBe(400);

    const done = await test.provider.verifyLoginCode(ACCOUNT, started.smsTaskId, SMS_CODE);
    expect(done.status).toBe('logged_in');
    if (done.status !== 'logged_in') return;
    const hoursLeft = ((done.expiresAt?.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(23);
    expect(hoursLeft).toBeLessThanOrEqual(24);

    const submitted = (await calls(box.url, 'login/submit'))[0];
    expect(submitted?.params).toMatchObject({ nsrsbh: ACCOUNT.nsrsbh, dq: ACCOUNT.dq, gryhm: ACCOUNT.gryhm, sflx: '03', sjhm: ACCOUNT.phone });
  });

  it('an unknown SMS task is 验证码已失效 → LoginCodeRejected', async () => {
    await test.provider.login(ACCOUNT);
    const error = await expectProviderError(
      test.provider.verifyLoginCode(ACCOUNT, 'no-such-task', SMS_CODE),
      ProviderErrorCode.LoginCodeRejected,
      'user',
    );
    expect(error.message).toContain('验证码已失效');
  });

  it('logs in at once when the bureau asks no SMS code', async () => {
    const noSms = await sandbox({ smsRequired: false });
    const own = client(noSms.url);
    try {
      const outcome = await own.provider.login(ACCOUNT);
      expect(outcome.status).toBe('logged_in');
      expect((await own.provider.sessionState(ACCOUNT)).loggedIn).toBe(true);
    } finally {
      await own.provider.close();
      await noSms.close();
    }
  });

  it('301: an account the bureau does not know', async () => {
    const error = await expectProviderError(
      test.provider.login({ ...ACCOUNT, gryhm: 'unknown' }),
      ProviderErrorCode.AccountUnknown,
      'user',
    );
    expect(error.providerCode).toBe(301);
    expect(error.message).toBe('用户名或手机号在电局不存在');
  });

  it('refuses to log in without a password, before any call', async () => {
    await expectProviderError(test.provider.login({ ...ACCOUNT, password: undefined }), ProviderErrorCode.BadRequest, 'user');
    expect(test.provider.stats().calls).toBe(0);
  });
});

describe('session state', () => {
  it('reports "not logged in" as a state, never as an error', async () => {
    expect(await test.provider.sessionState(ACCOUNT)).toEqual({ loggedIn: false, faceAuthValid: false });
  });

  it('reports login, token and face-auth expiry once set up', async () => {
    await logIn(test.provider);
    const loggedIn = await test.provider.sessionState(ACCOUNT);
    expect(loggedIn.loggedIn).toBe(true);
    expect(loggedIn.faceAuthValid).toBe(false);
    expect(loggedIn.loginExpiresAt).toBeInstanceOf(Date);
    expect(loggedIn.tokenExpiresAt).toBeInstanceOf(Date);
    expect(loggedIn.tokenExpiresAt!.getTime()).toBeLessThanOrEqual(loggedIn.loginExpiresAt!.getTime());

    const challenge = await test.provider.startFaceAuth(ACCOUNT, 'personal_tax');
    await control(box.url, 'scan', { authId: challenge.authId });
    expect(await test.provider.faceAuthResult(ACCOUNT, challenge.authId, 'personal_tax')).toBe('passed');
    const authed = await test.provider.sessionState(ACCOUNT);
    expect(authed.faceAuthValid).toBe(true);
    expect(authed.faceAuthExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    await control(box.url, 'expire', { what: 'faceAuth' });
    const expired = await test.provider.sessionState(ACCOUNT);
    expect(expired).toMatchObject({ loggedIn: true, faceAuthValid: false });
    expect(expired.faceAuthExpiresAt).toBeUndefined();

    await control(box.url, 'expire', { what: 'login' });
    expect(await test.provider.sessionState(ACCOUNT)).toEqual({ loggedIn: false, faceAuthValid: false });
  });
});

describe('face auth', () => {
  it('posts a PNG and its URL, polls 311 → pending, then passed; an unscanned expired QR is 312 → expired', async () => {
    await logIn(test.provider);
    const challenge = await test.provider.startFaceAuth(ACCOUNT, 'tax_bureau');
    expect(challenge.app).toBe('tax_bureau');
    expect(challenge.qrPng?.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(challenge.qrUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect((await calls(box.url, 'auth/qrcode'))[0]?.params.app).toBe('2');

    expect(await test.provider.faceAuthResult(ACCOUNT, challenge.authId, 'tax_bureau')).toBe('pending');
    await control(box.url, 'scan', { authId: challenge.authId });
    expect(await test.provider.faceAuthResult(ACCOUNT, challenge.authId, 'tax_bureau')).toBe('passed');

    const second = await test.provider.startFaceAuth(ACCOUNT, 'personal_tax');
    await control(box.url, 'expire', { what: 'qr' });
    expect(await test.provider.faceAuthResult(ACCOUNT, second.authId, 'personal_tax')).toBe('expired');
  });

  it('302 outside an issuing call is LoginRequired', async () => {
    await logIn(test.provider);
    await control(box.url, 'expire', { what: 'login' });
    const error = await expectProviderError(test.provider.startFaceAuth(ACCOUNT, 'tax_bureau'), ProviderErrorCode.LoginRequired, 'user');
    expect(error.providerCode).toBe(302);
  });

  it('302 from login/token itself is LoginRequired (never logged in)', async () => {
    await expectProviderError(test.provider.startFaceAuth(ACCOUNT, 'tax_bureau'), ProviderErrorCode.LoginRequired, 'user');
    expect((await calls(box.url)).map((c) => `${c.path} ${c.code}`)).toEqual(['login/token 302']);
  });
});

describe('token', () => {
  it('is fetched once and reused while it lives', async () => {
    await ready(test.provider, box.url);
    await test.provider.sessionState(ACCOUNT);
    await test.provider.listConfirmations(ACCOUNT);
    expect(await calls(box.url, 'login/token')).toHaveLength(1);
  });

  it('303: an expired token is replaced and the call repeated once, automatically', async () => {
    await ready(test.provider, box.url);
    await control(box.url, 'expire', { what: 'token' });
    expect(await test.provider.listConfirmations(ACCOUNT)).toEqual([]);
    const log = (await calls(box.url)).map((c) => `${c.path} ${c.code}`);
    expect(log.slice(-3)).toEqual(['red-confirmation/query 303', 'login/token 200', 'red-confirmation/query 200']);
    expect(await calls(box.url, 'login/token')).toHaveLength(2);
  });

  it('303 twice in a row is TokenRejected, after exactly one refresh', async () => {
    await ready(test.provider, box.url);
    await control(box.url, 'inject', { code: 303, count: 2, path: 'red-confirmation/query' });
    const error = await expectProviderError(test.provider.listConfirmations(ACCOUNT), ProviderErrorCode.TokenRejected, 'config');
    expect(error.providerCode).toBe(303);
    const log = (await calls(box.url)).map((c) => `${c.path} ${c.code}`);
    expect(log.slice(-3)).toEqual(['red-confirmation/query 303', 'login/token 200', 'red-confirmation/query 303']);
  });

  it('refreshToken fetches a new one at once, while the old still lives, and the calls after use it', async () => {
    await ready(test.provider, box.url);
    const before = (await test.provider.sessionState(ACCOUNT)).tokenExpiresAt!;
    expect(await calls(box.url, 'login/token')).toHaveLength(1);
    await control(box.url, 'advance', { ms: 60_000 });
    const renewed = await test.provider.refreshToken(ACCOUNT);
    expect(renewed.getTime()).toBeGreaterThan(before.getTime());
    expect(await calls(box.url, 'login/token')).toHaveLength(2);
    expect((await test.provider.sessionState(ACCOUNT)).tokenExpiresAt).toEqual(renewed);
    await test.provider.listConfirmations(ACCOUNT);
    expect(await calls(box.url, 'login/token')).toHaveLength(2);
  });

  it('refreshToken without a bureau login is LoginRequired', async () => {
    await expectProviderError(test.provider.refreshToken(ACCOUNT), ProviderErrorCode.LoginRequired, 'user');
  });

  it('is renewed before it expires, by the client clock, without a 303', async () => {
    let clientOffset = 0;
    const own = client(box.url, { now: () => Date.now() + clientOffset });
    try {
      await ready(own.provider, box.url);
      const first = (await own.provider.sessionState(ACCOUNT)).tokenExpiresAt!;
      // 30 s before the token's expiry by the client clock: inside the 60 s margin.
      clientOffset = first.getTime() - Date.now() - 30_000;
      await own.provider.listConfirmations(ACCOUNT);
      expect(await calls(box.url, 'login/token')).toHaveLength(2);
      expect((await calls(box.url)).some((c) => c.code === 303)).toBe(false);
    } finally {
      await own.provider.close();
    }
  });
});
