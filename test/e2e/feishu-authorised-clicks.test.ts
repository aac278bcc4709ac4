import { afterEach, describe, expect, it } from 'vitest';
import { cardActionEvent, deliver, signedEvent } from '../fakes/feishu/events.js';
import { findButtonValue } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { CHAT, CLERK, ENCRYPT_KEY, startHarness, VERIFICATION_TOKEN, type Harness } from './harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const OTHER_ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=咨询费 金额=2120 税率=6%';

/** A click as Feishu would send it: from `chatId`, on card `messageId`, carrying `value` (which may name any job). */
function forgedClick(h: Harness, options: { chatId: string; messageId: string; value: Record<string, unknown> }) {
  const event = cardActionEvent({ ...options, userId: CLERK, verificationToken: VERIFICATION_TOKEN, appId: h.feishu.appId });
  return deliver(`${h.bot.url}/feishu/webhook`, signedEvent(event, { encryptKey: ENCRYPT_KEY }));
}

const confirmValue = (card: FakeFeishuMessage) => findButtonValue(card.content, '确认开具');

describe('Feishu: a click acts only on the job of its own chat and card', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('refuses a card value naming a job of another chat, and issues nothing', async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    const answer = await forgedClick(h, { chatId: 'oc_other_group', messageId: 'om_other_card', value: confirmValue(preview) });
    expect(answer.json.toast).toEqual({ type: 'error', content: '这个按钮不属于这张卡片或这个群，已忽略' });
    const cancel = await forgedClick(h, {
      chatId: 'oc_other_group',
      messageId: 'om_other_card',
      value: findButtonValue(preview.content, '取消'),
    });
    expect(cancel.json.toast.type).toBe('error');
    // The job is untouched: its own card still confirms it.
    expect((await h.click(preview, '确认开具')).json.toast.type).toBe('success');
  });

  it('refuses a click on one card that names the job of another card in the same chat', async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    await h.say(ISSUE);
    const first = await h.card('开票预览');
    await h.say(OTHER_ISSUE);
    const second = await h.feishu.waitFor(() =>
      h.feishu.messagesIn(CHAT).find((m) => m.msgType === 'interactive' && m.messageId !== first.messageId),
    );
    const answer = await forgedClick(h, { chatId: CHAT, messageId: first.messageId, value: confirmValue(second) });
    expect(answer.json.toast.content).toBe('这个按钮不属于这张卡片或这个群，已忽略');
    const calls: Array<{ path: string }> = await h.control('calls');
    expect(calls.filter((call) => call.path.endsWith('blue-invoice/submit'))).toHaveLength(0);
  });

  it('treats job ids like __proto__ and constructor as unknown', async () => {
    h = await startHarness();
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    for (const job of ['__proto__', 'constructor', 'toString']) {
      const answer = await forgedClick(h, { chatId: CHAT, messageId: preview.messageId, value: { op: 'issue_confirm', job } });
      expect(answer.status).toBe(200);
      expect(answer.json.toast.content).toBe('找不到这张开票申请');
    }
  });

  it('refuses a blue button naming a red job on its own card (确认开具 / 取消 valued with a 红冲 job)', async () => {
    h = await startHarness({ sandbox: { smsRequired: false, faceAutoPassMs: 0 } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    const delivered = await h.text('发票已开具');
    const blue = /发票号码：(\d{20})/.exec(String(delivered.content.text))![1];
    await h.say(`红冲 ${blue}`);
    const refund = await h.card('红冲预览');
    const redJob = findButtonValue(refund.content, '确认红冲').job;
    for (const op of ['issue_confirm', 'issue_cancel']) {
      const answer = await forgedClick(h, { chatId: CHAT, messageId: refund.messageId, value: { op, job: redJob } });
      expect(answer.json.toast.content).toBe('这个按钮不属于这张卡片或这个群，已忽略');
    }
    // The refund is still a preview: its own 确认红冲 still works, once.
    expect((await h.click(refund, '确认红冲')).json.toast.type).toBe('success');
    await h.text('红字发票已开具');
    const calls: Array<{ path: string }> = await h.control('calls');
    expect(calls.filter((call) => call.path.endsWith('red-invoice/submit'))).toHaveLength(1);
  });
});
