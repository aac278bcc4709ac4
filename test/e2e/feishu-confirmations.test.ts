import { afterEach, describe, expect, it } from 'vitest';
import { cardButtons, cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { withBlueInvoice as issueBlue } from './blue-invoice.js';
import { CHAT, type Harness, type HarnessOptions } from './harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const OTHER_CHAT = 'oc_other_group';
const TITLE = '购方红字确认单';

/** Logged in, face auth passed, one blue invoice issued in CHAT. */
const withBlueInvoice = (options: HarnessOptions = {}) => issueBlue(ISSUE, options);

function cardsTitled(h: Harness, title: string, chatId = CHAT): FakeFeishuMessage[] {
  return h.feishu.messagesIn(chatId).filter((message) => cardTitle(message.originalContent ?? message.content).includes(title));
}

async function confirmCalls(h: Harness): Promise<Array<{ params: Record<string, string> }>> {
  const calls: Array<{ path: string; params: Record<string, string> }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith('red-confirmation/confirm'));
}

describe('Feishu: 确认单 (confirmations the buyer entered)', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('lists each waiting confirmation as a card; 同意并开具 issues the red invoice once for two clicks', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    await h.say('确认单');
    await h.text('没有等待我方处理的红字确认单');

    await h.control('confirmations', { blueNumber: blue, grossFen: 53_000, reason: '02' });
    await h.say('确认单');
    const card = await h.card(TITLE);
    const text = cardText(card.content);
    for (const fragment of [blue, '杭州测试科技有限公司', '¥530.00', '销货退回']) expect(text).toContain(fragment);
    expect(cardButtons(card.content).map((button) => button.text)).toEqual(['同意并开具', '拒绝']);
    await h.text('请在卡片上点「同意并开具」或「拒绝」');

    // Asked again, the same confirmation is not posted twice.
    await h.say('确认单');
    await h.feishu.waitFor(() => h.texts().filter((t) => t.includes('等待我方处理的红字确认单：1 张')).length === 2 || undefined);
    expect(cardsTitled(h, TITLE)).toHaveLength(1);

    const [a, b] = await Promise.all([h.click(card, '同意并开具'), h.click(card, '同意并开具')]);
    expect([a.json.toast.type, b.json.toast.type].sort()).toEqual(['info', 'success']);
    const delivered = String((await h.text('红字发票已开具')).content.text);
    expect(delivered).toContain(`对应蓝字发票：${blue}`);
    expect(delivered).toContain('¥-530.00');
    expect(await confirmCalls(h)).toHaveLength(1);
    expect((await h.control('invoices')).red).toHaveLength(1);
    await h.feishu.waitFor(() => cardTitle(h.feishu.message(card.messageId)!.content).includes('已红冲') || undefined);
  });

  it('拒绝 rejects it once; the buyer is refused and nothing is issued', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    await h.control('confirmations', { blueNumber: blue });
    await h.say('确认单');
    const card = await h.card(TITLE);
    const [a, b] = await Promise.all([h.click(card, '拒绝'), h.click(card, '拒绝')]);
    expect([a.json.toast.type, b.json.toast.type].sort()).toEqual(['info', 'success']);
    await h.text('已拒绝购方');
    const calls = await confirmCalls(h);
    expect(calls.map((call) => call.params.czlx)).toEqual(['2']);
    expect((await h.control('invoices')).confirmations[0].state).toBe('06');
    expect((await h.control('invoices')).red).toHaveLength(0);
    // A late click on the card as first shown changes nothing.
    expect((await h.click({ ...card, content: card.originalContent }, '同意并开具')).json.toast.type).toBe('info');
    expect(await confirmCalls(h)).toHaveLength(1);
  });

  it('the scheduled check posts a new confirmation once, by itself, into the chat of its blue invoice', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice({ env: { CONFIRMATION_CHECK_CRON: '* * * * * *' } }));
    // Someone else used the bot last, in another chat: the confirmation still goes where its invoice was issued.
    await h.say('开票 购方=另一家公司 项目=咨询费 金额=100 税率=6%', { chatId: OTHER_CHAT });
    await h.card('开票预览', OTHER_CHAT);
    await h.control('confirmations', { blueNumber: blue });
    const card = await h.card(TITLE);
    expect(card.chatId).toBe(CHAT);
    // Two more checks run (one a second): still one card.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(cardsTitled(h, TITLE)).toHaveLength(1);
    expect(cardsTitled(h, TITLE, OTHER_CHAT)).toHaveLength(0);
    // Its card was in CHAT; 确认单 in the other chat says so rather than posting a second one.
    await h.say('确认单', { chatId: OTHER_CHAT });
    await h.text('已发到另一个群处理', OTHER_CHAT);
  });
});
