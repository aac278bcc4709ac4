/** 确认单 on every platform: confirmations the buyer entered, listed on request or found by the scheduled check. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestClock } from '../helpers/test-clock.js';
import { startWithBlueInvoice } from './blue-invoice.js';
import { cardNow, CHAT_PLATFORMS, waitUntil, type ChatHarness } from './chat-harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const OTHER_CHAT = 'other-group-chat';
const TITLE = '购方红字确认单';
const MINUTE = 60_000;

async function confirmCalls(h: ChatHarness): Promise<Array<{ params: Record<string, string> }>> {
  const calls: Array<{ path: string; params: Record<string, string> }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith('red-confirmation/confirm'));
}

const cardsTitled = (h: ChatHarness, chatId?: string) => h.cards(chatId).filter((card) => card.title.includes(TITLE));

describe.each(CHAT_PLATFORMS)('%s: 确认单 (confirmations the buyer entered)', (platform) => {
  let h: ChatHarness;
  afterEach(() => h?.close());

  it('lists each waiting confirmation as a card once; 同意并开具 issues the red invoice once for two clicks; 拒绝 refuses another', async () => {
    let blue: string;
    ({ h, blue } = await startWithBlueInvoice(platform, ISSUE));
    await h.say('确认单');
    await h.text('没有等待我方处理的红字确认单');

    await h.control('confirmations', { blueNumber: blue, grossFen: 53_000, reason: '02' });
    await h.say('确认单');
    const card = await h.card(TITLE);
    for (const fragment of [blue, '杭州测试科技有限公司', '¥530.00', '销货退回']) expect(card.text).toContain(fragment);
    expect(card.buttons).toEqual(['同意并开具', '拒绝']);
    await h.text('请在卡片上点「同意并开具」或「拒绝」');

    // Asked again, the same confirmation is not posted twice.
    await h.say('确认单');
    await waitUntil(() => h.texts().filter((t) => t.includes('等待我方处理的红字确认单：1 张')).length === 2 || undefined, () => h.texts().join('\n'));
    expect(cardsTitled(h)).toHaveLength(1);

    await Promise.all([h.click(card, '同意并开具'), h.click(card, '同意并开具')]);
    const delivered = await h.text('红字发票已开具');
    expect(delivered).toContain(`对应蓝字发票：${blue}`);
    expect(delivered).toContain('¥-530.00');
    expect(await confirmCalls(h)).toHaveLength(1);
    expect((await h.control('invoices')).red).toHaveLength(1);
    await cardNow(h, '已红冲');

    // A second one, refused: the buyer is told no, nothing is issued, and a late 同意并开具 changes nothing.
    await h.control('confirmations', { blueNumber: blue, grossFen: 10_600 });
    await h.say('确认单');
    const second = await waitUntil(() => cardsTitled(h)[1], () => h.texts().join('\n'));
    await Promise.all([h.click(second, '拒绝'), h.click(second, '拒绝')]);
    await h.text('已拒绝购方');
    expect((await confirmCalls(h)).map((call) => call.params.czlx)).toEqual(['1', '2']);
    expect((await h.control('invoices')).confirmations[1].state).toBe('06');
    const answers = h.answers().length;
    await h.click(second, '同意并开具');
    await waitUntil(() => h.answers().length > answers || undefined, () => h.answers().join('\n'));
    expect(await confirmCalls(h)).toHaveLength(2);
    expect((await h.control('invoices')).red).toHaveLength(1);
  });

  it('the scheduled check posts a new confirmation once, by itself, into the chat of its blue invoice', async () => {
    let blue: string;
    ({ h, blue } = await startWithBlueInvoice(platform, ISSUE, { clock: createTestClock() }));
    // Someone else used the bot last, in another chat: the confirmation still goes where its invoice was issued.
    await h.say('开票 购方=另一家公司 项目=咨询费 金额=100 税率=6%', { chatId: OTHER_CHAT });
    await h.card('开票预览', OTHER_CHAT);
    await h.control('confirmations', { blueNumber: blue });
    // CONFIRMATION_CHECK_CRON runs every ten minutes: the next run finds it, the two after find it again.
    await h.advance(10 * MINUTE);
    const card = await h.card(TITLE);
    expect(card.chatId).toBe(h.chatId);
    await h.advance(10 * MINUTE);
    await h.restart();
    await h.advance(10 * MINUTE);
    expect(cardsTitled(h)).toHaveLength(1);
    expect(cardsTitled(h, OTHER_CHAT)).toHaveLength(0);
    // Its card was in the group; 确认单 in the other chat says so rather than posting a second one.
    await h.say('确认单', { chatId: OTHER_CHAT });
    await h.text('已发到另一个群处理', OTHER_CHAT);
  });
});
