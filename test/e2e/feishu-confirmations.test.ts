/** What 确认单 looks like on Feishu alone: toasts of their kind, the card updated in place. The rest: confirmations.test.ts. */
import { afterEach, describe, expect, it } from 'vitest';
import { cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { withBlueInvoice } from './blue-invoice.js';
import { CHAT, type Harness } from './harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const TITLE = '购方红字确认单';

function cardsTitled(h: Harness): FakeFeishuMessage[] {
  return h.feishu.messagesIn(CHAT).filter((message) => cardTitle(message.originalContent ?? message.content).includes(TITLE));
}

const toastTypes = (answers: Array<{ json: any }>) => answers.map((answer) => answer.json.toast.type).sort();

describe('Feishu: 确认单 answers with toasts and updates its card in place', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('two clicks of 同意并开具, or of 拒绝: one success and one info toast; a late click on the card as first shown: info', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice(ISSUE));
    await h.control('confirmations', { blueNumber: blue, grossFen: 53_000 });
    await h.say('确认单');
    const card = await h.card(TITLE);
    expect(toastTypes(await Promise.all([h.click(card, '同意并开具'), h.click(card, '同意并开具')]))).toEqual(['info', 'success']);
    await h.text('红字发票已开具');
    await h.feishu.waitFor(() => cardTitle(h.feishu.message(card.messageId)!.content).includes('已红冲') || undefined);

    await h.control('confirmations', { blueNumber: blue, grossFen: 10_600 });
    await h.say('确认单');
    const second = await h.feishu.waitFor(() => cardsTitled(h)[1]);
    expect(toastTypes(await Promise.all([h.click(second, '拒绝'), h.click(second, '拒绝')]))).toEqual(['info', 'success']);
    await h.text('已拒绝购方');
    expect((await h.click({ ...second, content: second.originalContent }, '同意并开具')).json.toast.type).toBe('info');
  });
});
