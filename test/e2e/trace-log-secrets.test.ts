import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { capturedLog, standingAlone } from '../helpers/captured-log.js';
import { CHAT_PLATFORMS, startChatHarness, type ChatHarness } from './chat-harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
/** Distinct from any number a log line could carry by chance. */
const SMS_CODE = '907315';
const JUMDATA_APP_SECRET = 'jd-e2e-secret';
const BUREAU_PASSWORD = 'bureau-password';

describe.each(CHAT_PLATFORMS)('%s: a whole flow logged at trace level', (platform) => {
  let h: ChatHarness;
  afterEach(() => h.close());

  it('writes no secret: the platform app secret and tokens, provider secret and tokens, passwords, SMS code', async () => {
    const log = capturedLog();
    h = await startChatHarness(platform, { sandbox: { smsCode: SMS_CODE }, logger: createLogger('trace', log.stream) });

    await h.say('登录');
    await h.text('短信验证码已发送');
    await h.say(`验证码 ${SMS_CODE}`);
    await h.text('税局登录成功');
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    // Expired tokens on both sides: the refresh and failure paths log too, and a second token of each is issued.
    h.expirePlatformTokens();
    await h.click(preview, '确认开具');
    await h.card('人脸认证');
    await h.control('expire', { what: 'token' });
    await h.control('scan', {});
    await h.text('发票已开具');

    const secrets: Record<string, string> = {
      ...h.platformSecrets(),
      'jumdata app secret': JUMDATA_APP_SECRET,
      'bureau password': BUREAU_PASSWORD,
    };
    // Named by their order, not a prefix: two tokens sharing a prefix would count as one.
    [...h.sandbox.state.tokens.keys()].forEach((token, i) => (secrets[`jumdata token ${i + 1}`] = token));
    expect(Object.keys(secrets).filter((name) => name.includes('token ')).length).toBeGreaterThan(3);
    expect(h.sandbox.state.tokens.size).toBeGreaterThan(1);

    const lines = log.lines();
    // Nothing in this flow logs at trace itself; debug carries every provider request and answer.
    expect(lines.some((line) => line.includes('"level":20'))).toBe(true);
    const leaks = lines.flatMap((line) => {
      const found = Object.entries(secrets).filter(([, secret]) => line.includes(secret)).map(([name]) => name);
      if (standingAlone(SMS_CODE).test(line)) found.push('SMS code');
      return found.map((name) => `${name}: ${line.slice(0, 300)}`);
    });
    expect(leaks).toEqual([]);
  });
});
