import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, HOUR, startTestSandbox, type TestSandbox } from './helpers.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('sandbox face auth', () => {
  let sandbox: TestSandbox;
  afterEach(() => sandbox.close());

  it('issues a real PNG QR, billed, also served at qrcodeImageUrl', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    const qr = await sandbox.business('auth/qrcode', token, { app: '1' });
    expect(qr).toMatchObject({ code: 200, charge: true });
    const png = Buffer.from(qr.data.qrcodeImageBase64, 'base64');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(qr.data.qrcodeImageUrl).toBe(`${sandbox.url}/__sandbox/qr/${qr.data.authId}.png`);
    const served = await fetch(qr.data.qrcodeImageUrl);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
    expect((await sandbox.business('auth/qrcode', token, { app: '3' })).code).toBe(400);
  });

  it('answers 311 until the scan, then 200 通过; auth/status goes 315 → 200 认证有效', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    expect(await sandbox.business('auth/status', token)).toMatchObject({ code: 315, msg: '未认证或认证已过期' });
    const { authId } = (await sandbox.business('auth/qrcode', token, { app: '2' })).data;
    expect(await sandbox.business('auth/result', token, { authId, app: '2' })).toMatchObject({ code: 311, msg: '未完成扫脸', charge: false });
    expect((await sandbox.control('scan', {})).body.authId).toBe(authId);
    expect(await sandbox.business('auth/result', token, { authId, app: '2' })).toMatchObject({ code: 200, msg: '通过' });
    const status = await sandbox.business('auth/status', token);
    expect(status).toMatchObject({ code: 200, msg: '认证有效' });
    expect(status.data.expireTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('treats opening the QR link as the scan (what a phone would do)', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    const { authId } = (await sandbox.business('auth/qrcode', token, { app: '2' })).data;
    const page = await fetch(`${sandbox.url}/__sandbox/scan/${authId}`);
    expect(await page.text()).toContain('人脸识别已完成');
    expect((await sandbox.business('auth/result', token, { authId, app: '2' })).code).toBe(200);
  });

  it('passes by itself after faceAutoPassMs', async () => {
    sandbox = await startTestSandbox({ faceAutoPassMs: 30_000 });
    const token = await sandbox.logIn();
    const { authId } = (await sandbox.business('auth/qrcode', token, { app: '2' })).data;
    expect((await sandbox.business('auth/result', token, { authId, app: '2' })).code).toBe(311);
    await sandbox.control('advance', { ms: 31_000 });
    expect((await sandbox.business('auth/result', token, { authId, app: '2' })).code).toBe(200);
  });

  it('answers 312 once an unscanned QR expires, and the scan route refuses it', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    const { authId } = (await sandbox.business('auth/qrcode', token, { app: '2' })).data;
    await sandbox.control('advance', { ms: 5 * 60 * 1000 + 1 });
    expect(await sandbox.business('auth/result', token, { authId, app: '2' })).toMatchObject({ code: 312 });
    expect((await sandbox.control('scan', { authId })).status).toBe(409);
  });

  it('expires a QR on demand (control route)', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    const { authId } = (await sandbox.business('auth/qrcode', token, { app: '2' })).data;
    await sandbox.control('expire', { what: 'qr' });
    expect((await sandbox.business('auth/result', token, { authId, app: '2' })).code).toBe(312);
  });

  it('keeps face auth for faceAuthTtlMs from the scan, then 312 on the result and 315 on the status', async () => {
    sandbox = await startTestSandbox({ faceAuthTtlMs: 4 * HOUR, tokenTtlMs: 48 * HOUR, loginTtlMs: 48 * HOUR });
    const token = await sandbox.logIn();
    const { authId } = (await sandbox.business('auth/qrcode', token, { app: '2' })).data;
    await sandbox.control('scan', { authId });
    await sandbox.control('advance', { ms: 4 * HOUR + 1 });
    expect((await sandbox.business('auth/result', token, { authId, app: '2' })).code).toBe(312);
    expect((await sandbox.business('auth/status', token)).code).toBe(315);
  });

  it('answers 400 for an authId that is not this account\'s', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    expect((await sandbox.business('auth/result', token, { authId: 'nope', app: '2' })).code).toBe(400);
    const other = { ...ACCOUNT, gryhm: '13900000002' };
    const otherToken = await sandbox.logIn(other);
    const { authId } = (await sandbox.call('auth/qrcode', { ...other, token: otherToken, app: '2' })).data;
    expect((await sandbox.business('auth/result', token, { authId, app: '2' })).code).toBe(400);
  });
});
