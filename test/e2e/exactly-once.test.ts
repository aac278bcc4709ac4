import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_PLATFORMS, startChatHarness, type ChatHarness } from './chat-harness.js';
import { blueSubmitTaskIds } from './sandbox-calls.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';

async function logInWithoutSms(h: ChatHarness): Promise<void> {
  await h.say('登录');
  await h.text('税局登录成功');
}

describe.each(CHAT_PLATFORMS)('%s: one request, one invoice', (platform) => {
  let h: ChatHarness;
  afterEach(() => h.close());

  it('runs a re-pushed delivery once, even across a restart', async () => {
    h = await startChatHarness(platform);
    await h.say(ISSUE, { deliveryId: 'ev-repeat-1' });
    await h.card('开票预览');
    await h.say(ISSUE, { deliveryId: 'ev-repeat-1' });
    await h.restart();
    expect((await h.say(ISSUE, { deliveryId: 'ev-repeat-1' })).status).toBe(200);
    await h.say('帮助', { deliveryId: 'ev-after' });
    await h.text('开票');
    expect(h.cards()).toHaveLength(1);
  });

  it('issues once when 确认开具 is clicked twice at the same moment', async () => {
    h = await startChatHarness(platform, { sandbox: { smsRequired: false } });
    await logInWithoutSms(h);
    await h.say('认证');
    await h.card('人脸认证');
    await h.control('scan', {});
    await h.text('人脸认证已通过');

    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    const clicks = await Promise.all([h.click(preview, '确认开具'), h.click(preview, '确认开具')]);
    expect(clicks.map((click) => click.status)).toEqual([200, 200]);
    await h.answered('已确认，正在开具');
    // Feishu answers the second click with a toast, DingTalk with a message: the token was spent by the first.
    await h.answered('不会重复');
    await h.text('发票已开具');
    // A late click on the card as it was first shown (a stale client) changes nothing either.
    expect((await h.click(preview, '确认开具')).status).toBe(200);

    expect((await h.control('invoices')).blue).toHaveLength(1);
    // The notice itself: the late click's answer (a message on DingTalk) says 这张发票已开具 too.
    expect(h.texts().filter((text) => text.includes('✅ 发票已开具'))).toHaveLength(1);
    expect(new Set(await blueSubmitTaskIds(h)).size).toBe(1);
  });

  it('a job the provider may have forgotten (over 8 h) is looked up before it is sent again: still one invoice', async () => {
    let offsetMs = 0;
    h = await startChatHarness(platform, {
      sandbox: { smsRequired: false, faceAutoPassMs: 0, issueDelayMs: 60 * 60_000, loginTtlMs: 48 * 3600_000 },
      now: () => Date.now() + offsetMs,
    });
    await logInWithoutSms(h);
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    await h.click(preview, '确认开具');
    await h.cardShowing('税局处理中');
    // The bot is down for 9 hours: the bureau issued the invoice an hour in, and has since forgotten the taskId, so
    // sending it again would issue a second invoice.
    await h.restart(async () => {
      await h.control('advance', { ms: 9 * 3600_000 });
      offsetMs = 9 * 3600_000;
    });
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
    const calls: Array<{ path: string }> = await h.control('calls');
    expect(calls.filter((call) => call.path.endsWith('blue-invoice/query'))).toHaveLength(1);
  });

  it('finishes a job after a restart in the middle, with the same taskId and no second invoice', async () => {
    h = await startChatHarness(platform, { sandbox: { smsRequired: false, faceAutoPassMs: 0, issueDelayMs: 60 * 60_000 } });
    await logInWithoutSms(h);
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    await h.click(preview, '确认开具');
    // Face auth passes at once; the bureau then answers 202 "in progress" for an hour.
    await h.cardShowing('税局处理中');
    await h.restart();
    await h.control('advance', { ms: 61 * 60_000 });

    expect(await h.text('发票已开具')).toMatch(/发票号码：\d{20}/);
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(new Set(await blueSubmitTaskIds(h)).size).toBe(1);
    expect(h.texts().filter((text) => text.includes('发票已开具'))).toHaveLength(1);
  });
});
