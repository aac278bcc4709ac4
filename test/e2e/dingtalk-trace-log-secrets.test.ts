import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { capturedLog } from '../helpers/captured-log.js';
import { logLeaks } from './log-leaks.js';
import { startDingTalkChat, type DingTalkChatHarness } from './platforms/dingtalk-chat.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const SMS_CODE = '907315';

describe.each(['http', 'stream'] as const)('DingTalk (%s): a whole flow logged at trace level', (mode) => {
  let h: DingTalkChatHarness;
  afterEach(() => h.close());

  it('writes no secret: client secret, access tokens, stream tickets, provider secrets, SMS code', async () => {
    const log = capturedLog();
    h = await startDingTalkChat(mode, { sandbox: { smsCode: SMS_CODE }, logger: createLogger('trace', log.stream) });

    await h.say('登录');
    await h.text('短信验证码已发送');
    await h.say(`验证码 ${SMS_CODE}`);
    await h.text('税局登录成功');
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    // A refused access token: the refresh path logs too, and a second token is issued (also for the image upload).
    h.dingtalk.expireTokens();
    await h.click(preview, '确认开具');
    await h.card('人脸认证');
    await h.control('scan', {});
    await h.text('发票已开具');

    const secrets: Record<string, string> = {
      'DingTalk client secret': h.dingtalk.clientSecret,
      'jumdata app secret': 'jd-e2e-secret',
      'bureau password': 'bureau-password',
    };
    for (const token of h.dingtalk.tokensIssued()) secrets[`access token ${token.slice(0, 10)}…`] = token;
    for (const ticket of h.dingtalk.stream.issuedTickets) secrets[`stream ticket ${ticket.slice(0, 4)}…`] = ticket;
    expect(h.dingtalk.tokensIssued().length).toBeGreaterThan(1);
    expect(log.lines().some((line) => line.includes('"level":20'))).toBe(true);
    expect(logLeaks(log.lines(), secrets, SMS_CODE)).toEqual([]);
  });
});
