/**
 * What 红冲 looks like on Feishu alone: each click answered by a toast of its kind, the preview card updated in place
 * through every state. What a refund does, on every platform: refund.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cardButtons, cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { withBlueInvoice } from './blue-invoice.js';
import type { Harness } from './harness.js';

/** Two lines: 1,060.00 and 530.00, both 6 %. */
const ISSUE = ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%', '项目=咨询费 金额=530 税率=6%'].join('\n');

/** The card as it shows now (its title and text), not as it was first sent. */
function now(h: Harness, card: FakeFeishuMessage): { title: string; text: string; buttons: string[] } {
  const content = h.feishu.message(card.messageId)?.content ?? {};
  return { title: cardTitle(content), text: cardText(content), buttons: cardButtons(content).map((button) => button.text) };
}

async function cardBecomes(h: Harness, card: FakeFeishuMessage, title: string): Promise<void> {
  await h.feishu.waitFor(() => now(h, card).title.includes(title) || undefined);
}

/** The nth (1-based) card titled `title` as first sent. */
function nthCard(h: Harness, title: string, n: number): Promise<FakeFeishuMessage> {
  return h.feishu.waitFor(() => h.feishu.messagesIn('oc_finance_group').filter((message) => cardTitle(message.originalContent).includes(title))[n - 1]);
}

const current = (h: Harness, card: FakeFeishuMessage): FakeFeishuMessage => ({ ...card, content: h.feishu.message(card.messageId)!.content });
const toastTypes = (answers: Array<{ json: any }>) => answers.map((answer) => answer.json.toast.type).sort();

describe('Feishu: 红冲 answers with toasts and updates its card in place', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('确认红冲 twice: one success and one info toast, the preview becomes 已红冲; 取消 twice: 已取消 both times, shown by the answer itself', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice(ISSUE));
    await h.say(`红冲 ${blue} 金额=100`);
    const preview = await h.card('红冲预览');
    expect(toastTypes(await Promise.all([h.click(preview, '确认红冲'), h.click(preview, '确认红冲')]))).toEqual(['info', 'success']);
    await h.text('红字发票已开具');
    await cardBecomes(h, preview, '已红冲');
    expect(now(h, preview).buttons).toEqual([]);

    await h.say(`红冲 ${blue}`);
    const second = await nthCard(h, '红冲预览', 2);
    const answers = await Promise.all([h.click(second, '取消'), h.click(second, '取消')]);
    expect(answers.map((answer) => answer.json.toast.content)).toEqual(['已取消', '已取消']);
    for (const answer of answers) expect(JSON.stringify(answer.json.card)).toContain('已取消');
    expect((await h.click(second, '确认红冲')).json.toast.type).toBe('info');
  });

  it('a confirmation waiting for this side shows 确认开具 / 撤销 on the same card; two clicks of either: one success, one info', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice(ISSUE, { sandbox: { redMode: 'seller_confirm' } }));
    await h.say(`红冲 ${blue} 金额=100`);
    const preview = await h.card('红冲预览');
    await h.click(preview, '确认红冲');
    await cardBecomes(h, preview, '待我方确认');
    expect(now(h, preview).buttons).toEqual(['确认开具', '撤销']);
    const confirmed = current(h, preview);
    expect(toastTypes(await Promise.all([h.click(confirmed, '确认开具'), h.click(confirmed, '确认开具')]))).toEqual(['info', 'success']);
    await cardBecomes(h, preview, '已红冲');

    await h.say(`红冲 ${blue} 金额=200`);
    const second = await nthCard(h, '红冲预览', 2);
    await h.click(second, '确认红冲');
    await cardBecomes(h, second, '待我方确认');
    const waiting = current(h, second);
    expect(toastTypes(await Promise.all([h.click(waiting, '撤销'), h.click(waiting, '撤销')]))).toEqual(['info', 'success']);
    await cardBecomes(h, second, '已取消');
  });
});
