/** No secret, key or token of Kingdee reaches a log line, even at trace level, through token, issue and errors. */
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { capturedLog } from '../../helpers/captured-log.js';
import { ACCOUNT, CLIENT_SECRET, control, ENCRYPT_KEY, issue, kingdeeClient, kingdeeSandbox } from './harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

it('keeps the client secret, the AES key and the access token out of every log line', async () => {
  const box = await kingdeeSandbox({ faceAuthNeeded: false });
  const log = capturedLog();
  const { provider } = kingdeeClient(box.url, { logger: pino({ level: 'trace' }, log.stream) });
  cleanups.push(async () => {
    await provider.close();
    await box.close();
  });
  await issue(provider, 'secret-check');
  await control(box.url, 'expire', { what: 'token' });
  await control(box.url, 'inject', { path: 'invoiceStatus', errcode: '9999' });
  await provider.sessionState(ACCOUNT);
  await issue(provider, 'secret-check-2');
  const tokens = [...box.state.tokens.keys()];
  expect(tokens.length).toBeGreaterThan(1);
  const text = log.text();
  expect(text).toContain('kingdee');
  for (const secret of [CLIENT_SECRET, ENCRYPT_KEY, ...tokens]) expect(text).not.toContain(secret);
});
