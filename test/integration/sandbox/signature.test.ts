import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JUMDATA_PATH_PREFIX } from '../../../src/api/jumdata/wire.js';
import { ACCOUNT, APP_ID, startTestSandbox, type TestSandbox } from './helpers.js';

describe('sandbox gateway: signature, timestamp, paths, envelope', () => {
  let sandbox: TestSandbox;
  beforeEach(async () => {
    sandbox = await startTestSandbox();
  });
  afterEach(() => sandbox.close());

  it('answers a well-signed call with the envelope: code, msg, charge, a 24-digit taskNo', async () => {
    const answer = await sandbox.call('login/status', { ...ACCOUNT });
    expect(answer).toMatchObject({ code: 302, charge: false });
    expect(answer.msg).toBe('未登录或登录已失效,请重新登录');
    expect(answer.taskNo).toMatch(/^[1-9]\d{23}$/);
    const again = await sandbox.call('login/status', { ...ACCOUNT });
    expect(again.taskNo).not.toBe(answer.taskNo);
  });

  it('refuses a wrong secret and an unknown appId with 400 签名错误', async () => {
    expect(await sandbox.call('login/status', { ...ACCOUNT }, { secret: 'wrong' })).toMatchObject({ code: 400, msg: '签名错误' });
    expect(await sandbox.call('login/status', { ...ACCOUNT }, { appId: 'someone-else' })).toMatchObject({ code: 400, msg: '签名错误' });
  });

  it('refuses a timestamp outside the window with 400 时间戳已过期, either side', async () => {
    const sixMinutes = 6 * 60 * 1000;
    const late = await sandbox.call('login/status', { ...ACCOUNT }, { timestamp: Date.now() - sixMinutes });
    expect(late).toMatchObject({ code: 400, msg: '时间戳已过期' });
    const early = await sandbox.call('login/status', { ...ACCOUNT }, { timestamp: Date.now() + sixMinutes });
    expect(early).toMatchObject({ code: 400, msg: '时间戳已过期' });
  });

  it('checks timestamps against the wall clock, not the advanced bureau clock', async () => {
    await sandbox.control('advance', { ms: 3 * 24 * 60 * 60 * 1000 });
    expect((await sandbox.call('login/status', { ...ACCOUNT })).code).toBe(302);
  });

  it('answers 404 (in the envelope) for an unknown path', async () => {
    const answer = await sandbox.call('blue-invoice/nope', { ...ACCOUNT });
    expect(answer).toMatchObject({ code: 404, msg: '接口地址不正确', charge: false });
  });

  it('names a missing business parameter: 400 参数错误: 缺少 <name>', async () => {
    const { dq: _dq, ...withoutDq } = ACCOUNT;
    expect(await sandbox.call('login/status', withoutDq)).toMatchObject({ code: 400, msg: '参数错误: 缺少 dq' });
    expect(await sandbox.call('auth/status', { ...ACCOUNT })).toMatchObject({ code: 400, msg: '参数错误: 缺少 token' });
  });

  it('refuses a JSON body: the wire is application/x-www-form-urlencoded', async () => {
    const response = await fetch(`${sandbox.url}${JUMDATA_PATH_PREFIX}login/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ACCOUNT, appId: APP_ID }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: 400 });
  });

  it('leaves other paths to the host app (HTTP 404 from Koa)', async () => {
    const response = await fetch(`${sandbox.url}/healthz`);
    expect(response.status).toBe(404);
  });
});
