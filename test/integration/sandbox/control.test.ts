import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, startTestSandbox, type TestSandbox } from './helpers.js';

describe('sandbox control routes: inject, call log, reset', () => {
  let sandbox: TestSandbox;
  afterEach(() => sandbox.close());

  it('injects a code for the next `count` calls, with the document\'s message, then behaves normally', async () => {
    sandbox = await startTestSandbox();
    expect((await sandbox.control('inject', { code: 609, count: 2 })).status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      expect(await sandbox.call('login/status', { ...ACCOUNT })).toMatchObject({ code: 609, msg: '请求过于频繁,请稍候再试', charge: false });
    }
    expect((await sandbox.call('login/status', { ...ACCOUNT })).code).toBe(302);
  });

  it('injects only into the named path', async () => {
    sandbox = await startTestSandbox({ smsRequired: false });
    await sandbox.control('inject', { code: 501, path: 'login/token' });
    const token = await sandbox.call('login/submit', { ...ACCOUNT, sflx: '03', gryhmm: 'pw', sjhm: '1' });
    expect(token.code).toBe(200);
    expect((await sandbox.call('login/token', { ...ACCOUNT })).code).toBe(501);
    expect((await sandbox.call('login/token', { ...ACCOUNT })).code).toBe(200);
    expect((await sandbox.control('inject', { code: 500, path: 'no/such' })).status).toBe(400);
  });

  it('adds latency without a code and then answers normally', async () => {
    sandbox = await startTestSandbox();
    await sandbox.control('inject', { latencyMs: 150 });
    const started = performance.now();
    const answer = await sandbox.call('login/status', { ...ACCOUNT });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(answer.code).toBe(302);
  });

  it('logs every call with path, code and charge, redacting password, token and sign', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    await sandbox.business('auth/qrcode', token, { app: '2' });
    const { body: calls } = await sandbox.control('calls');
    expect(calls.map((call: any) => [call.path, call.code, call.charge])).toEqual([
      ['login/submit', 202, false],
      ['login/verify', 200, false],
      ['login/token', 200, false],
      ['auth/qrcode', 200, true],
    ]);
    const text = JSON.stringify(calls);
    expect(text).not.toContain('pw');
    expect(text).not.toContain(token);
    expect(text).not.toContain('sandbox-secret');
    expect(calls[0].params).toMatchObject({ gryhmm: '***', sign: '***', nsrsbh: ACCOUNT.nsrsbh });
    expect(calls[3].params.token).toBe('***');
    expect(calls[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('resets everything: accounts, invoices, log and the clock', async () => {
    sandbox = await startTestSandbox();
    await sandbox.logIn();
    await sandbox.control('advance', { ms: 1000 });
    expect((await sandbox.control('reset', {})).status).toBe(200);
    expect((await sandbox.call('login/status', { ...ACCOUNT })).code).toBe(302);
    expect((await sandbox.control('calls')).body).toHaveLength(1);
    expect((await sandbox.control('invoices')).body).toEqual({ blue: [], red: [], confirmations: [] });
  });

  it('refuses malformed control requests with 4xx and a reason', async () => {
    sandbox = await startTestSandbox();
    expect((await sandbox.control('expire', { what: 'everything' })).status).toBe(400);
    expect((await sandbox.control('advance', { ms: -5 })).status).toBe(400);
    expect((await sandbox.control('scan', {})).status).toBe(404);
    expect((await sandbox.control('confirmations', { blueNumber: 'nope' })).status).toBe(404);
    const broken = await fetch(`${sandbox.url}/__sandbox/inject`, { method: 'POST', body: '{oops' });
    expect(broken.status).toBe(400);
  });
});
