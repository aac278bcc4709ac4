import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardButtons, cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { CHAT, startHarness, type Harness } from './harness.js';

/**
 * What only Feishu has in a conversation: the 开票 form card, toasts that answer a stale client's click by the job's
 * state, and no mention of everyone. The conversation on every platform: conversation.test.ts.
 */
describe('Feishu: talking to the bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { smsRequired: false, faceAutoPassMs: 0 } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say('认证');
    await h.text('人脸认证已通过');
  });
  afterAll(() => h.close());

  it('offers a form for 开票 without arguments, keeps typed values on an error, and previews when fixed', async () => {
    await h.say('开票');
    const form = await h.feishu.waitFor(() =>
      h.feishu.messagesIn(CHAT).find((m) => m.msgType === 'interactive' && cardTitle(m.originalContent) === '开票'),
    );
    const bad = await h.click(form, '预览', {
      formValue: { buyer: '杭州测试科技有限公司', taxid: '91330106MA2KXN4X3X', item_1: '设计费', amount_1: '0', rate_1: '6%' },
    });
    expect(bad.json.toast.type).toBe('error');
    const again = JSON.stringify(bad.json.card.data);
    expect(again).toContain('金额必须大于 0');
    expect(again).toContain('设计费');
    expect(again).toContain('杭州测试科技有限公司');

    const good = await h.click(form, '预览', {
      formValue: { buyer: '杭州测试科技有限公司', taxid: '91330106MA2KXN4X3X', item_1: '设计费', amount_1: '2120', rate_1: '6%' },
    });
    expect(good.json.toast.type).toBe('success');
    const preview = await h.cardWith('设计费');
    expect(cardText(preview.originalContent)).toContain('2,120.00');
  });

  it('adds a line to the form when asked', async () => {
    await h.say('开票');
    const forms = h.feishu.messagesIn(CHAT).filter((m) => m.msgType === 'interactive' && cardTitle(m.originalContent) === '开票');
    const form = forms.at(-1)!;
    const answer = await h.click(form, '再加一行', { formValue: { buyer: '某公司', item_1: 'A', amount_1: '1' } });
    const card = JSON.stringify(answer.json.card.data);
    expect(card).toContain('amount_2');
    expect(card).toContain('某公司');
  });

  it('adds a line to a fresh form, nothing typed yet (the client refuses to submit a form with empty required inputs)', async () => {
    await h.say('开票');
    const form = await h.feishu.waitFor(() =>
      h.feishu.messagesIn(CHAT).filter((m) => m.msgType === 'interactive' && cardTitle(m.originalContent) === '开票').at(-1),
    );
    const answer = await h.click(form, '再加一行');
    expect(answer.refused).toBeUndefined();
    const card = JSON.stringify(answer.json.card.data);
    expect(card).toContain('amount_2');
  });

  it('answers 确认开具 on a card as first shown (a client that has not refreshed) by what became of the job: cancelled, failed or issued', async () => {
    const asFirstSent = (card: FakeFeishuMessage): FakeFeishuMessage => ({ ...card, content: card.originalContent });
    const before = (await h.control('calls')).length;

    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=取消费 金额=100 税率=6%');
    const cancelled = await h.cardWith('取消费');
    await h.click(cancelled, '取消');
    expect((await h.click(asFirstSent(cancelled), '确认开具')).json.toast).toEqual({
      type: 'info',
      content: '这张发票已取消，不会开具；需要的话请重新发送开票',
    });
    expect((await h.control('calls')).length).toBe(before);

    await h.control('inject', { code: 399, count: 1, path: 'blueSubmit' });
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=失败费 金额=100 税率=6%');
    const failed = await h.cardWith('失败费');
    await h.click(failed, '确认开具');
    await h.feishu.waitFor(() => cardTitle(h.feishu.message(failed.messageId)?.content) === '开具失败' || undefined);
    const failedToast = (await h.click(asFirstSent(failed), '确认开具')).json.toast;
    expect(failedToast.type).toBe('error');
    expect(failedToast.content).toMatch(/^这张发票开具失败：.*税局拒绝/u);

    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=开出费 金额=100 税率=6%');
    const issued = await h.cardWith('开出费');
    await h.click(issued, '确认开具');
    await h.feishu.waitFor(() => cardTitle(h.feishu.message(issued.messageId)?.content) === '已开具' || undefined);
    const issuedToast = (await h.click(asFirstSent(issued), '确认开具')).json.toast;
    expect(issuedToast).toMatchObject({ type: 'info', content: expect.stringMatching(/^这张发票已开具（发票号码 \d{20}），不会重复开具$/u) });
  });

  it('never mentions everyone in the group, whatever it said above', () => {
    expect(h.feishu.everyoneMentions()).toEqual([]);
  });
});
