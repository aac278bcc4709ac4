/** The expiry check (EXPIRY_CHECK_CRON) on every platform, on a clock the test moves: warn each chat once, restarts included. */
import { afterEach, describe, expect, it } from 'vitest';
import { formatChinaMinute } from '../../src/china-time.js';
import { createTestClock, type TestClock } from '../helpers/test-clock.js';
import { startReadyToIssue } from './blue-invoice.js';
import { cardNow, CHAT_PLATFORMS, logInThroughChat, startChatHarness, waitUntil, type ChatHarness } from './chat-harness.js';
import type { HarnessOptions } from './harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 10:01 local: the first time of the default EXPIRY_CHECK_CRON (every 5 minutes) is four minutes away. */
const START = new Date(2026, 2, 2, 10, 1).getTime();
/** The buyer-confirmation check calls the provider too; out of the way here, so the calls counted are the expiry check's. */
const QUIET = { CONFIRMATION_CHECK_CRON: '0 0 1 1 *' };
const RECENT_CHAT = 'sales-group-chat';
const OLD_CHAT = 'old-group-chat';
const QR_TITLE = '税局要求开票员人脸认证';
const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';

async function callsTo(h: ChatHarness, path: string): Promise<number> {
  const calls: Array<{ path: string }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith(path)).length;
}

const cardsTitled = (h: ChatHarness, fragment: string, chatId?: string) => h.cards(chatId).filter((card) => card.title.includes(fragment));
/** Everything the bot posted into a chat. */
const posts = (h: ChatHarness, chatId?: string) => h.texts(chatId).length + h.cards(chatId).length;
const count = (h: ChatHarness, fragment: string) => h.texts().filter((text) => text.includes(fragment)).length;

describe.each(CHAT_PLATFORMS)('%s: the expiry check (EXPIRY_CHECK_CRON) on a clock the test moves', (platform) => {
  let h: ChatHarness;
  let clock: TestClock;
  afterEach(() => h?.close());

  /** Frozen, the clock moves only when the test says (exact times); else it follows real time as well. */
  async function start(options: HarnessOptions = {}, { frozen = false } = {}): Promise<ChatHarness> {
    clock = createTestClock({ start: START, frozen });
    h = await startChatHarness(platform, { clock, ...options, env: { ...QUIET, ...options.env } });
    return h;
  }

  it('renews the API token before it runs out, without a word in the chat', async () => {
    await start();
    await logInThroughChat(h);
    // 10:05: the check fetches the first token (two hours).
    await h.advance(5 * MINUTE);
    expect(await callsTo(h, 'login/token')).toBe(1);
    const posted = posts(h);

    // 25 minutes before it runs out, the next check renews it.
    await h.advance(95 * MINUTE);
    expect(await callsTo(h, 'login/token')).toBe(2);
    expect(posts(h)).toBe(posted);

    // Later checks keep the renewed token.
    await h.advance(5 * MINUTE);
    expect(await callsTo(h, 'login/token')).toBe(2);
    expect(posts(h)).toBe(posted);
  });

  it('warns each chat used in the last 30 days, once, that the login runs out; 登录 on the warning logs in again', async () => {
    await start({ sandbox: { loginTtlMs: HOUR } }, { frozen: true });
    await h.say('帮助', { chatId: OLD_CHAT });
    await h.text('我能做这些', OLD_CHAT);
    await h.advance(31 * DAY);
    await logInThroughChat(h);
    const loginEnds = clock.now() + HOUR;
    await h.say('帮助', { chatId: RECENT_CHAT });
    await h.text('我能做这些', RECENT_CHAT);

    // 40 minutes left: not yet.
    await h.advance(20 * MINUTE);
    expect(cardsTitled(h, '登录')).toHaveLength(0);
    // 25 minutes left: one warning in each chat used lately.
    await h.advance(15 * MINUTE);
    const warning = await h.card('电子税务局登录即将过期');
    await h.card('电子税务局登录即将过期', RECENT_CHAT);
    expect(warning.text).toContain(`电子税务局登录将于 ${formatChinaMinute(loginEnds)} 过期（还有 25 分钟）`);
    expect(warning.buttons).toEqual(['登录']);

    // Never twice: not on the next check, not after a restart, not once the login has run out, not once the platform
    // has forgotten what it was sent.
    await h.advance(5 * MINUTE);
    await h.restart();
    await h.advance(30 * MINUTE);
    await h.advance(HOUR);
    for (const chatId of [h.chatId, RECENT_CHAT]) expect(cardsTitled(h, '电子税务局登录', chatId)).toHaveLength(1);
    expect(h.cards(OLD_CHAT)).toHaveLength(0);

    // 登录 on the warning is 登录 typed in that chat; the same click delivered twice logs in once.
    await h.click(warning, '登录', { deliveryId: 'ev-warning-login' });
    await h.click(warning, '登录', { deliveryId: 'ev-warning-login' });
    await waitUntil(() => count(h, '短信验证码已发送') === 2 || undefined, () => h.texts().join('\n'));
    await h.say('验证码 123456');
    await waitUntil(() => count(h, '税局登录成功') === 2 || undefined, () => h.texts().join('\n'));
    expect(await callsTo(h, 'login/submit')).toBe(2);
  });

  it('warns once that the face auth has run out, restarts included; 认证 on the warning posts a QR', async () => {
    await start({ sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say('认证');
    await h.card(QR_TITLE);
    await h.control('scan', {});
    await h.text('人脸认证已通过');
    // Valid for a day: nothing to say.
    await h.advance(5 * MINUTE);
    expect(cardsTitled(h, '过期')).toHaveLength(0);

    await h.control('expire', { what: 'faceAuth' });
    await h.advance(5 * MINUTE);
    const warning = await h.card('开票员人脸认证已过期');
    expect(warning.text).toContain('开票员人脸认证已失效');
    expect(warning.buttons).toEqual(['认证']);
    await h.restart();
    await h.advance(5 * MINUTE);
    await h.advance(HOUR);
    expect(cardsTitled(h, '过期')).toHaveLength(1);

    await h.click(warning, '认证');
    await waitUntil(() => cardsTitled(h, QR_TITLE).length === 2 || undefined, () => h.texts().join('\n'));
  });

  it('reports a job stuck longer than STUCK_JOB_MINUTES to its chat once, saying what it waits for', async () => {
    h = await startReadyToIssue(platform, {
      clock: createTestClock({ start: START }),
      env: { ...QUIET, STUCK_JOB_MINUTES: '60' },
      sandbox: { issueDelayMs: 10 * HOUR },
    });
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    await cardNow(h, '税局处理中');

    await h.advance(30 * MINUTE);
    expect(count(h, '没有进展')).toBe(0);
    await h.advance(31 * MINUTE);
    const report = await h.text('没有进展');
    expect(report).toContain('杭州测试科技有限公司');
    expect(report).toContain('正在等待：税局的开具结果');

    await h.advance(5 * MINUTE);
    await h.restart();
    await h.advance(5 * MINUTE);
    await h.advance(HOUR);
    expect(count(h, '没有进展')).toBe(1);
  });
});
