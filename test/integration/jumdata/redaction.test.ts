/** No secret ever reaches the log: app secret, signature, token, bureau password, SMS code. */
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../src/api/sandbox/index.js';
import { ACCOUNT, APP_SECRET, SMS_CODE, client, control, draft, sandbox } from './harness.js';
import { standingAlone } from '../../helpers/captured-log.js';

let box: RunningSandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(async () => {
  await box.close();
});

it('logs every call at debug level with all secrets redacted', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const { provider } = client(box.url, { logger });
  try {
    const started = await provider.login(ACCOUNT);
    if (started.status !== 'sms_sent') throw new Error('expected an SMS login');
    await provider.verifyLoginCode(ACCOUNT, started.smsTaskId, '000000').catch(() => undefined);
    await provider.verifyLoginCode(ACCOUNT, started.smsTaskId, SMS_CODE);
    const challenge = await provider.startFaceAuth(ACCOUNT, 'tax_bureau');
    await control(box.url, 'scan', { authId: challenge.authId });
    await provider.faceAuthResult(ACCOUNT, challenge.authId, 'tax_bureau');
    await provider.issueBlue(ACCOUNT, 'redact-1', draft());
    // A 303 makes the client fetch and use a second token: both must stay out of the log.
    await control(box.url, 'expire', { what: 'token' });
    await provider.sessionState(ACCOUNT);
    await control(box.url, 'inject', { code: 500, count: 1 });
    await provider.listConfirmations(ACCOUNT);
  } finally {
    await provider.close();
  }

  const text = lines.join('');
  // The log is really there and really detailed: requests with their parameters, answers with their data.
  expect(lines.length).toBeGreaterThan(20);
  expect(text).toContain('login/token');
  expect(text).toContain('"gryhm":"13800000001"');
  expect(text).toContain('[redacted]');
  expect(text).toContain(started(text));

  const tokens = [...box.state.tokens.keys()];
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  const secrets = [APP_SECRET, ACCOUNT.password as string, ...tokens];
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(standingAlone(SMS_CODE));
  // No signature: nothing that looks like a sha256 hex digest.
  expect(text).not.toMatch(/[0-9a-f]{64}/);
});

/** The SMS task id is no secret: it proves answers' data is logged (so redaction, not silence, keeps tokens out). */
function started(text: string): string {
  const match = /"validateCodeSmsTaskId":"([^"]+)"/.exec(text);
  expect(match).not.toBeNull();
  return match![1] as string;
}
