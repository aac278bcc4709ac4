import { afterEach, describe, expect, it } from 'vitest';
import { cardTitle } from '../fakes/feishu/card-reading.js';
import { deliver, messageEvent, signedEvent } from '../fakes/feishu/events.js';
import { CHAT, CLERK, ENCRYPT_KEY, logInThroughChat, startHarness, VERIFICATION_TOKEN, type Harness } from './harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';

/** Blue submit calls the simulator logged, with their taskIds. */
async function blueSubmits(h: Harness): Promise<string[]> {
  const calls: Array<{ path: string; params: Record<string, string> }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith('blue-invoice/submit')).map((call) => call.params.taskId!);
}

describe('Feishu: one request, one invoice', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('refuses a forged signature and runs nothing', async () => {
    h = await startHarness();
    const event = signedEvent(
      messageEvent({ chatId: CHAT, userId: CLERK, text: '帮助', mentionBot: true, verificationToken: VERIFICATION_TOKEN }),
      { encryptKey: ENCRYPT_KEY },
    );
    const forged = { ...event, headers: { ...event.headers, 'x-lark-signature': 'f'.repeat(64) } };
    expect((await deliver(`${h.bot.url}/feishu/webhook`, forged)).status).toBe(401);
    const wrongKey = signedEvent(JSON.parse(event.body), { encryptKey: 'not-the-real-key' });
    expect((await deliver(`${h.bot.url}/feishu/webhook`, wrongKey)).status).toBeGreaterThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.feishu.messagesIn(CHAT)).toHaveLength(0);
  });

  it('runs a re-pushed event once, even across a restart', async () => {
    h = await startHarness();
    await h.say(ISSUE, { eventId: 'ev-repeat-1' });
    await h.card('开票预览');
    await h.say(ISSUE, { eventId: 'ev-repeat-1' });
    await h.restart();
    expect((await h.say(ISSUE, { eventId: 'ev-repeat-1' })).status).toBe(200);
    await h.say('帮助', { eventId: 'ev-after' });
    await h.text('开票');
    expect(h.feishu.messagesIn(CHAT).filter((m) => m.msgType === 'interactive')).toHaveLength(1);
  });

  it('issues once when 确认开具 is clicked twice at the same moment', async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say('认证');
    await h.card('人脸认证');
    await h.control('scan', {});
    await h.text('人脸认证已通过');

    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    const [first, second] = await Promise.all([h.click(preview, '确认开具'), h.click(preview, '确认开具')]);
    expect([first.json.toast.type, second.json.toast.type].sort()).toEqual(['info', 'success']);
    await h.text('发票已开具');
    // A late click on the card as it was first shown (a stale client) changes nothing either.
    const late = await h.click({ ...preview, content: preview.originalContent }, '确认开具');
    expect(late.json.toast.type).toBe('info');

    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(h.texts().filter((text) => text.includes('发票已开具'))).toHaveLength(1);
    expect(new Set(await blueSubmits(h)).size).toBe(1);
  });

  it('a job the provider may have forgotten (over 8 h) is looked up before it is sent again: still one invoice', async () => {
    let offsetMs = 0;
    h = await startHarness({
      sandbox: { smsRequired: false, faceAutoPassMs: 0, issueDelayMs: 60 * 60_000, loginTtlMs: 48 * 3600_000 },
      now: () => Date.now() + offsetMs,
    });
    await logInWithoutSms(h);
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    await h.click(preview, '确认开具');
    await h.feishu.waitFor(() => cardTitleOf(h, preview.messageId).includes('税局处理中') || undefined);
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
    h = await startHarness({ sandbox: { smsRequired: false, faceAutoPassMs: 0, issueDelayMs: 60 * 60_000 } });
    await logInWithoutSms(h);
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    await h.click(preview, '确认开具');
    // Face auth passes at once; the bureau then answers 202 "in progress" for an hour.
    await h.feishu.waitFor(() => cardTitleOf(h, preview.messageId).includes('税局处理中') || undefined);
    await h.restart();
    await h.control('advance', { ms: 61 * 60_000 });

    const delivered = await h.text('发票已开具');
    expect(String(delivered.content.text)).toMatch(/发票号码：\d{20}/);
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(new Set(await blueSubmits(h)).size).toBe(1);
    expect(h.texts().filter((text) => text.includes('发票已开具'))).toHaveLength(1);
  });
});

function cardTitleOf(h: Harness, messageId: string): string {
  return cardTitle(h.feishu.message(messageId)?.content ?? {});
}

async function logInWithoutSms(h: Harness): Promise<void> {
  await h.say('登录');
  await h.text('税局登录成功');
}
export { logInThroughChat };
