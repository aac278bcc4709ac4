import { afterEach, describe, expect, it } from 'vitest';
import { cardButtons, cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { CLERK, startHarness, type Harness, type HarnessOptions } from './harness.js';

const BOSS = 'ou_boss';
const CFO = 'ou_cfo';
const CASHIER = 'ou_cashier';
const ADMIN = 'ou_admin';
/** The address book of the fake Feishu: what `contact.user.get` answers. */
const PEOPLE: Record<string, string> = {
  [CLERK]: '财务小王',
  [BOSS]: '主管老李',
  [CFO]: '财务总监老陈',
  [CASHIER]: '出纳小张',
  [ADMIN]: '管理员阿强',
};
const APPROVERS = { APPROVERS: `${BOSS},${CFO}`, BOT_ADMINS: ADMIN };

const ISSUE = ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%', '项目=咨询费 金额=530 税率=6%'].join('\n');

/** A logged-in seller whose face auth passes by itself, the approvers of `env`, and the people of the address book. */
async function start(env: Record<string, string> = APPROVERS, options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness({ ...options, env, sandbox: { smsRequired: false, faceAutoPassMs: 0 } });
  for (const [openId, name] of Object.entries(PEOPLE)) h.feishu.users.set(openId, name);
  await h.say('登录');
  await h.text('税局登录成功');
  await h.say('认证');
  await h.text('人脸认证已通过');
  return h;
}

async function submits(h: Harness, path: string): Promise<number> {
  const calls: Array<{ path: string }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith(path)).length;
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

describe('Feishu: approvals', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it("holds a clerk's 确认开具 for approval, and issues once after an approver's 同意", async () => {
    h = await start();
    const { preview, approval } = await requestApproval(h);
    const asked = cardText(approval.content);
    for (const fragment of ['开票审批 · 待审批', '申请人', '财务小王', '杭州测试科技有限公司', '技术服务费', '咨询费', '¥1,590.00', '驳回理由']) {
      expect(asked).toContain(fragment);
    }
    expect(asked).not.toContain(CLERK);
    expect(cardButtons(approval.content).map((button) => button.text)).toEqual(['同意', '驳回']);
    await becomes(h, preview, '等待审批');
    expect(shown(h, preview).text).toContain('财务小王 已提交审批');
    expect(shown(h, preview).buttons).toEqual([]);
    expect(await submits(h, 'blue-invoice/submit')).toBe(0);

    const approved = await h.click(approval, '同意', { userId: BOSS });
    expect(approved.json.toast).toEqual({ type: 'success', content: '已同意，正在开具' });
    expect(String((await h.text('发票已开具')).content.text)).toMatch(/发票号码：\d{20}/);
    await becomes(h, preview, '已开具');
    expect(shown(h, preview).text).toContain('审批：主管老李 已同意');
    expect(shown(h, approval)).toMatchObject({ title: '开票审批 · 已同意', buttons: [] });
    expect(shown(h, approval).text).toContain('主管老李 已同意');

    // A late click on the card as first sent (a client that has not refreshed) changes nothing and names who decided.
    const late = await h.click(asFirstSent(approval), '同意', { userId: CFO });
    expect(late.json.toast).toEqual({ type: 'info', content: '已由 主管老李 同意' });
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(await submits(h, 'blue-invoice/submit')).toBe(1);
  });

  it('驳回 with a reason tells the requester who rejected and why, and nothing reaches the provider', async () => {
    h = await start();
    const { preview, approval } = await requestApproval(h);
    const hidden = await h.click(approval, '驳回', { userId: BOSS, formValue: { reason: '同意\u202E' } });
    expect(hidden.json.toast).toEqual({ type: 'error', content: '驳回理由不能包含控制字符或文字方向控制符' });
    const reason = '金额与合同不符 <at id=all></at>';
    const rejected = await h.click(approval, '驳回', { userId: BOSS, formValue: { reason } });
    expect(rejected.json.toast).toEqual({ type: 'success', content: '已驳回，已通知申请人' });
    const told = String((await h.text('驳回')).content.text);
    expect(told).toContain('财务小王 的开票申请已被 主管老李 驳回，未提交税局');
    expect(told).toContain('理由：金额与合同不符');
    expect(told).toContain('杭州测试科技有限公司');
    await becomes(h, preview, '已驳回');
    // The reason is shown as typed, and pings nobody.
    expect(shown(h, preview).text).toContain(`理由：${reason}`);
    expect(shown(h, approval).text).toContain(`理由：${reason}`);
    expect(h.feishu.everyoneMentions()).toEqual([]);
    expect(shown(h, approval)).toMatchObject({ title: '开票审批 · 已驳回', buttons: [] });

    const late = await h.click(asFirstSent(approval), '同意', { userId: CFO });
    expect(late.json.toast).toEqual({ type: 'info', content: '已由 主管老李 驳回' });
    // The preview card as first sent cannot bring the job back either.
    const stale = await h.click(asFirstSent(preview), '确认开具', { userId: BOSS });
    expect(stale.json.toast.type).toBe('info');
    expect(await submits(h, 'blue-invoice/submit')).toBe(0);
    expect(h.texts().filter((text) => text.includes('驳回'))).toHaveLength(1);
  });

  it("issues straight away on an approver's own 确认开具, with no approval card", async () => {
    h = await start();
    await h.say(ISSUE, { userId: BOSS });
    const preview = await h.card('开票预览');
    expect((await h.click(preview, '确认开具', { userId: BOSS })).json.toast).toEqual({ type: 'success', content: '已确认，正在开具' });
    await h.text('发票已开具');
    const titles = h.feishu.messagesIn(preview.chatId).map((message) => cardTitle(message.originalContent));
    expect(titles.some((title) => title.includes('审批'))).toBe(false);
  });

  it('refuses the requester and anyone who does not approve, each with a toast that says why', async () => {
    h = await start();
    const { approval } = await requestApproval(h);
    expect((await h.click(approval, '同意', { userId: CLERK })).json.toast).toEqual({
      type: 'error',
      content: '不能审批自己提交的申请，请由其他审批人处理',
    });
    expect((await h.click(approval, '驳回', { userId: CASHIER })).json.toast).toEqual({
      type: 'error',
      content: '只有审批人可以同意或驳回（审批人：主管老李、财务总监老陈）',
    });
    // Made an approver while the request waits, the requester still cannot decide their own request.
    await h.say('审批人 添加', { userId: ADMIN, mentions: [{ openId: CLERK, name: '财务小王' }] });
    await h.text('已添加审批人：财务小王');
    expect((await h.click(approval, '同意', { userId: CLERK })).json.toast.content).toBe('不能审批自己提交的申请，请由其他审批人处理');
    expect(await submits(h, 'blue-invoice/submit')).toBe(0);
    expect(shown(h, approval).buttons).toEqual(['同意', '驳回']);

    expect((await h.click(approval, '同意', { userId: CFO })).json.toast.type).toBe('success');
    await h.text('发票已开具');
  });

  it('makes one decision when two approvers click 同意 at the same moment; the other hears who decided', async () => {
    h = await start();
    const { approval } = await requestApproval(h);
    const [boss, cfo] = await Promise.all([h.click(approval, '同意', { userId: BOSS }), h.click(approval, '同意', { userId: CFO })]);
    const toasts = [boss.json.toast, cfo.json.toast];
    const winner = toasts.findIndex((toast) => toast.type === 'success');
    expect(winner).not.toBe(-1);
    const loser = toasts[1 - winner];
    expect(loser).toEqual({ type: 'info', content: `已由 ${winner === 0 ? '主管老李' : '财务总监老陈'} 同意` });
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(await submits(h, 'blue-invoice/submit')).toBe(1);
  });

  it('decides an approval that waited across a restart on the same card, once', async () => {
    h = await start();
    const { approval } = await requestApproval(h);
    await h.restart();
    expect((await h.click(approval, '同意', { userId: BOSS })).json.toast.type).toBe('success');
    await h.text('发票已开具');
    await h.restart();
    const late = await h.click(asFirstSent(approval), '驳回', { userId: CFO, formValue: { reason: '太晚了' } });
    expect(late.json.toast).toEqual({ type: 'info', content: '已由 主管老李 同意' });
    expect((await h.control('invoices')).blue).toHaveLength(1);
    const approvalCards = h.feishu.messagesIn(approval.chatId).filter((message) => cardTitle(message.originalContent).includes('开票审批'));
    expect(approvalCards).toHaveLength(1);
    expect(h.texts().some((text) => text.includes('驳回'))).toBe(false);
  });

  it('holds a clerk’s 确认红冲 for approval too, and shows what would be refunded and why', async () => {
    h = await start();
    await h.say(ISSUE, { userId: BOSS });
    await h.click(await h.card('开票预览'), '确认开具', { userId: BOSS });
    const blue = /发票号码：(\d{20})/.exec(String((await h.text('发票已开具')).content.text))?.[1];
    expect(blue).toBeDefined();

    await h.say(`红冲 ${blue} 销货退回 金额=530`);
    const preview = await h.card('红冲预览');
    expect((await h.click(preview, '确认红冲')).json.toast).toEqual({ type: 'success', content: '已提交审批，审批人同意后自动提交红冲' });
    const approval = await h.card('红冲审批');
    const asked = cardText(approval.content);
    for (const fragment of ['财务小王', blue!, '杭州测试科技有限公司', '本次红冲（含税）', '¥530.00', '销货退回']) expect(asked).toContain(fragment);
    await becomes(h, preview, '等待审批');
    expect((await h.click(approval, '同意', { userId: CLERK })).json.toast.type).toBe('error');
    expect(await submits(h, 'red-invoice/submit')).toBe(0);

    expect((await h.click(approval, '同意', { userId: CFO })).json.toast).toEqual({ type: 'success', content: '已同意，正在提交红冲' });
    await h.text('红字发票已开具');
    await becomes(h, preview, '已红冲');
    expect(shown(h, preview).text).toContain('审批：财务总监老陈 已同意');
    expect(await submits(h, 'red-invoice/submit')).toBe(1);
  });

  it('rejects a 红冲 request without submitting anything', async () => {
    h = await start();
    await h.say(ISSUE, { userId: BOSS });
    await h.click(await h.card('开票预览'), '确认开具', { userId: BOSS });
    const blue = /发票号码：(\d{20})/.exec(String((await h.text('发票已开具')).content.text))?.[1];
    await h.say(`红冲 ${blue}`);
    await h.click(await h.card('红冲预览'), '确认红冲');
    const approval = await h.card('红冲审批');
    await h.click(approval, '驳回', { userId: BOSS });
    const told = String((await h.text('红冲申请已被')).content.text);
    expect(told).toContain('财务小王 的红冲申请已被 主管老李 驳回');
    expect(told).toContain('理由：（未填写）');
    expect(await submits(h, 'red-invoice/submit')).toBe(0);
  });

  it('lets BOT_ADMINS change the approvers in chat, kept across a restart and shown in 状态; others are refused', async () => {
    h = await start({ APPROVERS: BOSS, BOT_ADMINS: ADMIN });
    await h.say('审批人');
    await h.text('审批人（1）：主管老李');

    await h.say('审批人 添加', { userId: CLERK, mentions: [{ openId: CFO, name: '老陈' }] });
    await h.text('只有机器人管理员（BOT_ADMINS）可以修改审批人');
    await h.say('审批人 添加', { userId: ADMIN, mentions: [{ openId: CFO, name: '老陈' }] });
    await h.text('已添加审批人：老陈');
    await h.say('审批人 移除', { userId: ADMIN, mentions: [{ openId: BOSS, name: '主管老李' }] });
    await h.text('已移除审批人：主管老李');

    await h.restart();
    await h.say('状态');
    expect(String((await h.text('接口令牌')).content.text)).toMatch(/^审批人：(老陈|财务总监老陈)$/mu);

    // The live list decides: the boss now needs an approval, the CFO gives it.
    await h.say(ISSUE, { userId: BOSS });
    const asked = await h.click(await h.card('开票预览'), '确认开具', { userId: BOSS });
    expect(asked.json.toast.content).toBe('已提交审批，审批人同意后自动开具');
    await h.click(await h.card('开票审批'), '同意', { userId: CFO });
    await h.text('发票已开具');
  });

  it("holds a clerk's 同意并开具 on a buyer's confirmation for approval: 驳回 sends nothing, 同意 issues once", async () => {
    h = await start();
    await h.say(ISSUE, { userId: BOSS });
    await h.click(await h.card('开票预览'), '确认开具', { userId: BOSS });
    const delivered = await h.text('发票已开具');
    const blue = /发票号码：(\d{20})/.exec(String(delivered.content.text))![1];
    await h.control('confirmations', { blueNumber: blue, grossFen: 53_000 });
    await h.say('确认单');
    const incoming = await h.card('购方红字确认单');

    // A clerk's 同意并开具 waits for an approver; nothing reaches the bureau.
    expect((await h.click(incoming, '同意并开具')).json.toast.content).toBe('已提交审批，审批人同意后自动开具红字发票');
    const first = await h.card('红冲审批');
    await h.click(first, '驳回', { userId: BOSS, formValue: { reason: '金额不对' } });
    await h.text('红冲申请已被');
    expect(await submits(h, 'red-confirmation/confirm')).toBe(0);
    // The confirmation is the buyer's and still waits: asked again, a new approval; 同意 issues the red invoice once.
    await becomes(h, incoming, '购方红字确认单');
    await h.click(incoming, '同意并开具');
    const second = await h.feishu.waitFor(() => h.feishu.messages.filter((m) => cardTitle(m.originalContent ?? m.content).includes('红冲审批'))[1]);
    const [a, b] = await Promise.all([h.click(second, '同意', { userId: BOSS }), h.click(second, '同意', { userId: CFO })]);
    expect([a.json.toast.type, b.json.toast.type].sort()).toEqual(['info', 'success']);
    await h.text('红字发票已开具');
    expect(await submits(h, 'red-confirmation/confirm')).toBe(1);
    expect((await h.control('invoices')).red).toHaveLength(1);
  });
});
