/**
 * What approvals look like on Feishu alone: each click answered by a toast of its kind, cards updated in place, a
 * reason's Feishu markup shown as typed. Who may decide, once, and what the chat hears: approvals.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cardButtons, cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { CLERK, startHarness, type Harness } from './harness.js';

const BOSS = 'ou_boss';
const CFO = 'ou_cfo';
const CASHIER = 'ou_cashier';
const PEOPLE: Record<string, string> = { [CLERK]: '财务小王', [BOSS]: '主管老李', [CFO]: '财务总监老陈', [CASHIER]: '出纳小张' };

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';

/** A logged-in seller whose face auth passes by itself, two approvers, and the people of the address book. */
async function start(): Promise<Harness> {
  const h = await startHarness({ env: { APPROVERS: `${BOSS},${CFO}` }, sandbox: { smsRequired: false, faceAutoPassMs: 0 } });
  for (const [openId, name] of Object.entries(PEOPLE)) h.feishu.users.set(openId, name);
  await h.say('登录');
  await h.text('税局登录成功');
  return h;
}

/** The card as it shows now, not as it was first sent. */
function shown(h: Harness, card: FakeFeishuMessage): { title: string; text: string; buttons: string[] } {
  const content = h.feishu.message(card.messageId)?.content ?? {};
  return { title: cardTitle(content), text: cardText(content), buttons: cardButtons(content).map((button) => button.text) };
}

const asFirstSent = (card: FakeFeishuMessage): FakeFeishuMessage => ({ ...card, content: card.originalContent });

function becomes(h: Harness, card: FakeFeishuMessage, title: string): Promise<unknown> {
  return h.feishu.waitFor(() => shown(h, card).title.includes(title) || undefined);
}

/** The clerk asks for an invoice and clicks 确认开具: the approval card it leads to, and the preview card. */
async function requestApproval(h: Harness): Promise<{ preview: FakeFeishuMessage; approval: FakeFeishuMessage }> {
  await h.say(ISSUE);
  const preview = await h.card('开票预览');
  const asked = await h.click(preview, '确认开具');
  expect(asked.json.toast).toEqual({ type: 'success', content: '已提交审批，审批人同意后自动开具' });
  return { preview, approval: await h.card('开票审批') };
}

describe('Feishu: approvals answer with toasts and update their cards in place', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('answers each click with a toast of its kind, on the same two cards from request to invoice', async () => {
    h = await start();
    const { preview, approval } = await requestApproval(h);
    await becomes(h, preview, '等待审批');
    expect(shown(h, preview).buttons).toEqual([]);

    expect((await h.click(approval, '同意', { userId: CLERK })).json.toast).toEqual({
      type: 'error',
      content: '不能审批自己提交的申请，请由其他审批人处理',
    });
    expect((await h.click(approval, '驳回', { userId: CASHIER })).json.toast).toEqual({
      type: 'error',
      content: '只有审批人可以同意或驳回（审批人：主管老李、财务总监老陈）',
    });
    expect(shown(h, approval).buttons).toEqual(['同意', '驳回']);

    expect((await h.click(approval, '同意', { userId: BOSS })).json.toast).toEqual({ type: 'success', content: '已同意，正在开具' });
    await h.text('发票已开具');
    await becomes(h, preview, '已开具');
    expect(shown(h, approval)).toMatchObject({ title: '开票审批 · 已同意', buttons: [] });
    const late = await h.click(asFirstSent(approval), '同意', { userId: CFO });
    expect(late.json.toast).toEqual({ type: 'info', content: '已由 主管老李 同意' });
    expect((await h.click(asFirstSent(preview), '确认开具', { userId: BOSS })).json.toast.type).toBe('info');
    // Every state was shown on the two cards first sent: no card was posted for it.
    const titles = h.feishu.messagesIn(preview.chatId).map((message) => cardTitle(message.originalContent));
    expect(titles.filter((title) => title.startsWith('开票'))).toEqual(['开票预览 · 请确认', '开票审批 · 待审批']);
  });

  it('驳回: a reason with a hidden control is refused by an error toast; one with a mention of everyone is shown as typed and pings nobody', async () => {
    h = await start();
    const { preview, approval } = await requestApproval(h);
    const hidden = await h.click(approval, '驳回', { userId: BOSS, formValue: { reason: '同意\u202E' } });
    expect(hidden.json.toast).toEqual({ type: 'error', content: '驳回理由不能包含控制字符或文字方向控制符' });
    const reason = '金额与合同不符 <at id=all></at>';
    const rejected = await h.click(approval, '驳回', { userId: BOSS, formValue: { reason } });
    expect(rejected.json.toast).toEqual({ type: 'success', content: '已驳回，已通知申请人' });
    await h.text('驳回');
    await becomes(h, preview, '已驳回');
    expect(shown(h, preview).text).toContain(`理由：${reason}`);
    expect(shown(h, approval).text).toContain(`理由：${reason}`);
    expect(h.feishu.everyoneMentions()).toEqual([]);
    expect((await h.click(asFirstSent(approval), '同意', { userId: CFO })).json.toast).toEqual({ type: 'info', content: '已由 主管老李 驳回' });
  });

  it('makes one decision when two approvers click 同意 at the same moment; the other hears who decided', async () => {
    h = await start();
    const { approval } = await requestApproval(h);
    const [boss, cfo] = await Promise.all([h.click(approval, '同意', { userId: BOSS }), h.click(approval, '同意', { userId: CFO })]);
    const toasts = [boss.json.toast, cfo.json.toast];
    const winner = toasts.findIndex((toast) => toast.type === 'success');
    expect(winner).not.toBe(-1);
    expect(toasts[1 - winner]).toEqual({ type: 'info', content: `已由 ${winner === 0 ? '主管老李' : '财务总监老陈'} 同意` });
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });
});
