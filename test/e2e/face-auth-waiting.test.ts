/** On every platform, jobs waiting for a face scan always have a QR in sight: after a crash, in a second chat, on request. */
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_PLATFORMS, startChatHarness, type ChatHarness, type ChatPlatform } from './chat-harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const OTHER_ISSUE = '开票 购方=宁波样例贸易有限公司 税号=91330106MA2KXN4X3X 项目=咨询费 金额=530 税率=6%';
const OTHER_CHAT = 'sales-group-chat';

/** The QR cards the bot posted into a chat. */
const qrCards = (h: ChatHarness, chatId?: string) => h.cards(chatId).filter((card) => card.title.includes('税局要求开票员人脸认证'));

async function qrFetches(h: ChatHarness): Promise<number> {
  const calls: Array<{ path: string }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith('auth/qrcode')).length;
}

async function confirmIssue(h: ChatHarness, text: string, chatId?: string): Promise<void> {
  await h.say(text, { chatId });
  await h.click(await h.card('开票预览', chatId), '确认开具');
}

describe.each(CHAT_PLATFORMS)('%s: jobs waiting for a face scan always have a QR in sight', (platform) => {
  let h: ChatHarness;
  afterEach(() => h.close());

  /** Logged in at the bureau, face auth not yet done: the first submit asks for a scan. */
  async function loggedIn(): Promise<ChatHarness> {
    h = await startChatHarness(platform as ChatPlatform, { sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
    return h;
  }

  it('posts the stored QR on start when the bot stopped before the QR card reached the chat', async () => {
    await loggedIn();
    // The QR is fetched and kept, but its image never reaches the chat: the crash window between the two.
    h.refuseNextImage();
    await confirmIssue(h, ISSUE);
    await h.text('获取二维码失败');
    expect(qrCards(h)).toHaveLength(0);

    await h.restart();
    await h.card('人脸认证');
    await h.control('scan', {});
    await h.text('发票已开具');
    expect(await qrFetches(h)).toBe(1);
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });

  it('posts a QR on start when the bot stopped while the QR was being fetched', async () => {
    await loggedIn();
    await h.control('inject', { path: 'authQrcode', code: 399 });
    await confirmIssue(h, ISSUE);
    await h.text('获取二维码失败');

    await h.restart();
    await h.card('人脸认证');
    await h.control('scan', {});
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });

  it('gives a second waiting chat its own copy of the same QR, one scan finishes both jobs, and 认证 in a third chat gets a copy', async () => {
    await loggedIn();
    await confirmIssue(h, ISSUE);
    await h.card('人脸认证');
    await confirmIssue(h, OTHER_ISSUE, OTHER_CHAT);
    await h.card('人脸认证', OTHER_CHAT);
    await h.say('认证', { chatId: 'third-group-chat' });
    await h.card('人脸认证', 'third-group-chat');
    // Only a chat with a waiting job is promised that invoicing goes on by itself.
    expect(qrCards(h)[0]!.text).toContain('等待中的开票会自动继续');
    const copy = qrCards(h, 'third-group-chat')[0]!.text;
    expect(copy).not.toContain('自动继续');
    expect(copy).toContain('通过后机器人会在群里告知');

    // A restart in between neither loses nor repeats a post (checked at the end).
    await h.restart();
    await h.control('scan', {});
    await h.text('人脸认证已通过', OTHER_CHAT);
    await h.text('发票已开具');
    await h.text('发票已开具', OTHER_CHAT);
    expect((await h.control('invoices')).blue).toHaveLength(2);
    expect(await qrFetches(h)).toBe(1);
    expect(qrCards(h)).toHaveLength(1);
    expect(qrCards(h, OTHER_CHAT)).toHaveLength(1);
  });
});
