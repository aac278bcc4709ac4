import { afterEach, describe, expect, it } from 'vitest';
import { formatJumdataTime, parseJumdataTime } from '../../../src/api/jumdata/wire.js';
import { ACCOUNT, HOUR, startTestSandbox, type TestSandbox } from './helpers.js';

const LOGIN = { ...ACCOUNT, sflx: '03', gryhmm: 'secret-password', sjhm: '13800000000' };

describe('sandbox login, SMS and token', () => {
  let sandbox: TestSandbox;
  afterEach(() => sandbox.close());

  it('logs in with an SMS code: submit 202 + task id, verify 200 with expireTime, then status 200', async () => {
    sandbox = await startTestSandbox();
    const submitted = await sandbox.call('login/submit', LOGIN);
    expect(submitted.code).toBe(202);
    expect(submitted.charge).toBe(false);
    const taskId = submitted.data.validateCodeSmsTaskId;
    expect(taskId).toEqual(expect.any(String));

    const wrong = await sandbox.call('login/verify', { ...ACCOUNT, validateCodeSmsTaskId: taskId, smsCode: '000000' });
    expect(wrong).toMatchObject({ code: 400, msg: '验证码错误' });
    const verified = await sandbox.call('login/verify', { ...ACCOUNT, validateCodeSmsTaskId: taskId, smsCode: '123456' });
    expect(verified.code).toBe(200);
    const expireTime = parseJumdataTime(verified.data.expireTime);
    expect(expireTime).toBeGreaterThan(Date.now() + 23 * HOUR);

    const status = await sandbox.call('login/status', { ...ACCOUNT });
    expect(status).toMatchObject({ code: 200, data: { expireTime: verified.data.expireTime } });
  });

  it('refuses a used or unknown SMS task with 验证码已失效,请重新登录', async () => {
    sandbox = await startTestSandbox();
    const submitted = await sandbox.call('login/submit', LOGIN);
    const taskId = submitted.data.validateCodeSmsTaskId;
    await sandbox.call('login/verify', { ...ACCOUNT, validateCodeSmsTaskId: taskId, smsCode: '123456' });
    const reused = await sandbox.call('login/verify', { ...ACCOUNT, validateCodeSmsTaskId: taskId, smsCode: '123456' });
    expect(reused).toMatchObject({ code: 400, msg: '验证码已失效,请重新登录' });
    const unknown = await sandbox.call('login/verify', { ...ACCOUNT, validateCodeSmsTaskId: 'nope', smsCode: '123456' });
    expect(unknown).toMatchObject({ code: 400, msg: '验证码已失效,请重新登录' });
  });

  it('expires an SMS task after 5 minutes of bureau time', async () => {
    sandbox = await startTestSandbox();
    const taskId = (await sandbox.call('login/submit', LOGIN)).data.validateCodeSmsTaskId;
    await sandbox.control('advance', { ms: 6 * 60 * 1000 });
    const late = await sandbox.call('login/verify', { ...ACCOUNT, validateCodeSmsTaskId: taskId, smsCode: '123456' });
    expect(late.msg).toBe('验证码已失效,请重新登录');
  });

  it('logs in at once when SMS is off, with a configured code otherwise', async () => {
    sandbox = await startTestSandbox({ smsRequired: false });
    expect((await sandbox.call('login/submit', LOGIN)).code).toBe(200);
    expect((await sandbox.call('login/status', { ...ACCOUNT })).code).toBe(200);
  });

  it('answers 301 for an unknown account (gryhm unknown or listed)', async () => {
    sandbox = await startTestSandbox({ unknownAccounts: ['ghost'] });
    expect(await sandbox.call('login/submit', { ...LOGIN, gryhm: 'unknown' })).toMatchObject({ code: 301, msg: '用户名或手机号在电局不存在' });
    expect((await sandbox.call('login/submit', { ...LOGIN, gryhm: 'ghost' })).code).toBe(301);
  });

  it('gives a token only to a logged-in account (302 before), valid 2 h, then 303 on business calls', async () => {
    sandbox = await startTestSandbox();
    expect((await sandbox.call('login/token', { ...ACCOUNT })).code).toBe(302);
    const token = await sandbox.logIn();
    expect((await sandbox.business('auth/status', token)).code).toBe(315);
    await sandbox.control('advance', { ms: 2 * HOUR + 1000 });
    expect(await sandbox.business('auth/status', token)).toMatchObject({ code: 303, msg: 'token已失效,请重新获取token' });
    expect(await sandbox.business('auth/status', 'made-up')).toMatchObject({ code: 303 });
    const fresh = (await sandbox.call('login/token', { ...ACCOUNT })).data.token;
    expect((await sandbox.business('auth/status', fresh)).code).toBe(315);
  });

  it('checks the login before the token: an expired login answers 302 even with a live token', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    await sandbox.control('expire', { what: 'login' });
    expect(await sandbox.business('auth/status', token)).toMatchObject({ code: 302 });
    expect((await sandbox.call('login/status', { ...ACCOUNT })).code).toBe(302);
  });

  it('never gives a token that outlives the login', async () => {
    sandbox = await startTestSandbox({ loginTtlMs: HOUR, tokenTtlMs: 2 * HOUR });
    await sandbox.logIn();
    const loginExpiry = (await sandbox.call('login/status', { ...ACCOUNT })).data.expireTime;
    const token = await sandbox.call('login/token', { ...ACCOUNT });
    expect(token.data.expireTime).toBe(loginExpiry);
  });

  it('expires tokens on demand (control route) without touching the login', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    await sandbox.control('expire', { what: 'token' });
    expect((await sandbox.business('auth/status', token)).code).toBe(303);
    expect((await sandbox.call('login/status', { ...ACCOUNT })).code).toBe(200);
  });

  it('prints times as yyyy-MM-dd HH:mm:ss in China time whatever the machine zone', async () => {
    sandbox = await startTestSandbox({ now: () => Date.UTC(2025, 9, 15, 2, 37, 23), smsRequired: false });
    const submitted = await sandbox.call('login/submit', LOGIN);
    expect(submitted.data.expireTime).toBe('2025-10-16 10:37:23');
    expect(formatJumdataTime(Date.UTC(2025, 9, 15, 2, 37, 23))).toBe('2025-10-15 10:37:23');
  });
});
