/** 审批 on every platform: who may decide, once, and what the chat sees of it. Feishu's toasts stay in feishu-approvals. */
import { afterEach, describe, expect, it } from 'vitest';
import { issueThroughChat, startReadyToIssue } from './blue-invoice.js';
import { cardNow, CARDS_TAKE_INPUT, CHAT_PLATFORMS, waitUntil, type ChatCard, type ChatHarness, type ChatPlatform } from './chat-harness.js';
import { CLERK } from './harness.js';

const BOSS = 'ou_boss';
const CFO = 'ou_cfo';
const CASHIER = 'ou_cashier';
const ADMIN = 'ou_admin';
/** The platform's address book. */
const PEOPLE: Record<string, string> = {
  [CLERK]: '财务小王',
  [BOSS]: '主管老李',
  [CFO]: '财务总监老陈',
  [CASHIER]: '出纳小张',
  [ADMIN]: '管理员阿强',
};
const APPROVERS = { APPROVERS: `${BOSS},${CFO}`, BOT_ADMINS: ADMIN };

const ISSUE = ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%', '项目=咨询费 金额=530 税率=6%'].join('\n');

/** A seller ready to issue, the approvers of `env`, and the people of the address book. */
async function start(platform: ChatPlatform, env: Record<string, string> = APPROVERS): Promise<ChatHarness> {
  const h = await startReadyToIssue(platform, { env });
  h.knowPeople(PEOPLE);
  return h;
}

async function submits(h: ChatHarness, path: string): Promise<number> {
  const calls: Array<{ path: string }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith(path)).length;
}

/** The nth (1-based) card whose title, as first sent, contains `title`. */
function nthCard(h: ChatHarness, title: string, n: number): Promise<ChatCard> {
  return waitUntil(() => h.cards().filter((card) => card.title.includes(title))[n - 1], () => h.texts().join('\n'));
}

/** The clerk asks for an invoice and clicks 确认开具: the approval card it leads to, and the preview card. */
async function requestApproval(h: ChatHarness): Promise<{ preview: ChatCard; approval: ChatCard }> {
  await h.say(ISSUE);
  const preview = await h.card('开票预览');
  await h.click(preview, '确认开具');
  await h.answered('已提交审批，审批人同意后自动开具');
  return { preview, approval: await h.card('开票审批') };
}

describe.each(CHAT_PLATFORMS)('%s: approvals', (platform) => {
  let h: ChatHarness;
  afterEach(() => h?.close());

  it("holds a clerk's 确认开具 for approval, refuses the requester and non-approvers, and issues once on an approver's 同意", async () => {
    h = await start(platform);
    const { approval } = await requestApproval(h);
    for (const fragment of ['开票审批 · 待审批', '申请人', '财务小王', '杭州测试科技有限公司', '技术服务费', '咨询费', '¥1,590.00']) {
      expect(approval.text).toContain(fragment);
    }
    expect(approval.text).not.toContain(CLERK);
    // Its buttons are its own, not a form template to copy (as DingTalk shows a form that has one).
    expect(approval.buttons).toEqual(['同意', '驳回']);
    expect(approval.text).not.toContain('复制下面的内容');
    const waiting = await cardNow(h, '开票申请 · 等待审批');
    expect(waiting.text).toContain('财务小王 已提交审批');
    expect(waiting.buttons).toEqual([]);

    await h.click(approval, '同意');
    await h.answered('不能审批自己提交的申请，请由其他审批人处理');
    await h.click(approval, '驳回', { userId: CASHIER });
    await h.answered('只有审批人可以同意或驳回（审批人：主管老李、财务总监老陈）');
    // Made an approver while the request waits, the requester still cannot decide their own request.
    await h.say('审批人 添加', { userId: ADMIN, mentions: [{ userId: CLERK, name: '财务小王' }] });
    await h.text('已添加审批人：财务小王');
    await h.click(approval, '同意');
    await waitUntil(() => h.answers().filter((text) => text.includes('不能审批自己提交的申请')).length === 2 || undefined, () => h.answers().join('\n'));
    expect(await submits(h, 'blue-invoice/submit')).toBe(0);

    // Refused clicks decide nothing: the approver's 同意 on the same card still works.
    await h.click(approval, '同意', { userId: BOSS });
    await h.answered('已同意，正在开具');
    expect(await h.text('发票已开具')).toMatch(/发票号码：\d{20}/u);
    await cardNow(h, '已开具', '审批：主管老李 已同意');
    const decided = await cardNow(h, '开票审批 · 已同意');
    expect(decided.text).toContain('主管老李 已同意');
    expect(decided.buttons).toEqual([]);

    // A late click on the card as first sent changes nothing and names who decided.
    await h.click(approval, '驳回', { userId: CFO });
    await h.answered('已由 主管老李 同意');
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(await submits(h, 'blue-invoice/submit')).toBe(1);
  });

  it('驳回 tells the requester who rejected; nothing reaches the provider, and a late click hears who decided', async () => {
    h = await start(platform);
    const { preview, approval } = await requestApproval(h);
    await h.click(approval, '驳回', { userId: BOSS });
    await h.answered('已驳回，已通知申请人');
    const told = await h.text('驳回，未提交税局');
    expect(told).toContain('财务小王 的开票申请已被 主管老李 驳回，未提交税局');
    expect(told).toContain('理由：（未填写）');
    expect(told).toContain('杭州测试科技有限公司');
    await cardNow(h, '已驳回', '审批：主管老李 已驳回');
    expect((await cardNow(h, '开票审批 · 已驳回')).buttons).toEqual([]);

    await h.click(approval, '同意', { userId: CFO });
    await h.answered('已由 主管老李 驳回');
    // The preview as first sent cannot bring the job back either.
    await h.click(preview, '取消', { userId: BOSS });
    expect(await submits(h, 'blue-invoice/submit')).toBe(0);
    expect(h.texts().filter((text) => text.includes('驳回，未提交税局'))).toHaveLength(1);
  });

  it("issues straight away on an approver's own 确认开具, with no approval card", async () => {
    h = await start(platform);
    await issueThroughChat(h, ISSUE, { userId: BOSS });
    await h.answered('已确认，正在开具');
    expect(h.cards().some((card) => card.title.includes('审批'))).toBe(false);
  });

  it('makes one decision when 同意 and 驳回 are clicked at the same moment, across a restart; the later click hears who decided', async () => {
    h = await start(platform);
    const { approval } = await requestApproval(h);
    await h.restart();
    await Promise.all([h.click(approval, '同意', { userId: BOSS }), h.click(approval, '驳回', { userId: CFO })]);
    const outcome = await waitUntil(
      () => h.texts().find((text) => text.includes('发票已开具') || text.includes('驳回，未提交税局')),
      () => h.texts().join('\n'),
    );
    const approved = outcome.includes('发票已开具');
    await h.answered(approved ? '已由 主管老李 同意' : '已由 财务总监老陈 驳回');
    await h.restart();
    await h.say('帮助');
    await h.text('我能做这些');
    expect(h.texts().filter((text) => text.includes('发票已开具') || text.includes('驳回，未提交税局'))).toEqual([outcome]);
    expect((await h.control('invoices')).blue).toHaveLength(approved ? 1 : 0);
    expect(await submits(h, 'blue-invoice/submit')).toBe(approved ? 1 : 0);
    expect(h.cards().filter((card) => card.title.includes('开票审批 · 待审批'))).toHaveLength(1);
  });

  it('holds a clerk’s 确认红冲 for approval too: 驳回 submits nothing, 同意 refunds once', async () => {
    h = await start(platform);
    const blue = await issueThroughChat(h, ISSUE, { userId: BOSS });

    await h.say(`红冲 ${blue}`);
    await h.click(await h.card('红冲预览'), '确认红冲');
    await h.answered('已提交审批，审批人同意后自动提交红冲');
    await h.click(await h.card('红冲审批'), '驳回', { userId: BOSS });
    const told = await h.text('红冲申请已被');
    expect(told).toContain('财务小王 的红冲申请已被 主管老李 驳回');
    expect(told).toContain('理由：（未填写）');

    await h.say(`红冲 ${blue} 销货退回 金额=530`);
    await h.click(await nthCard(h, '红冲预览', 2), '确认红冲');
    const approval = await nthCard(h, '红冲审批 · 待审批', 2);
    for (const fragment of ['财务小王', blue, '杭州测试科技有限公司', '本次红冲（含税）', '¥530.00', '销货退回']) expect(approval.text).toContain(fragment);
    await cardNow(h, '红冲申请 · 等待审批');
    await h.click(approval, '同意');
    await h.answered('不能审批自己提交的申请');
    expect(await submits(h, 'red-invoice/submit')).toBe(0);

    await h.click(approval, '同意', { userId: CFO });
    await h.answered('已同意，正在提交红冲');
    await h.text('红字发票已开具');
    await cardNow(h, '已红冲', '审批：财务总监老陈 已同意');
    expect(await submits(h, 'red-invoice/submit')).toBe(1);
  });

  it('lets BOT_ADMINS change the approvers in chat, kept across a restart and shown in 状态; others are refused', async () => {
    h = await start(platform, { APPROVERS: BOSS, BOT_ADMINS: ADMIN });
    await h.say('审批人');
    await h.text('审批人（1）：主管老李');

    await h.say('审批人 添加', { mentions: [{ userId: CFO, name: '老陈' }] });
    await h.text('只有机器人管理员（BOT_ADMINS）可以修改审批人');
    await h.say('审批人 添加', { userId: ADMIN, mentions: [{ userId: CFO, name: '老陈' }] });
    await h.text('已添加审批人：老陈');
    await h.say('审批人 移除', { userId: ADMIN, mentions: [{ userId: BOSS, name: '主管老李' }] });
    await h.text('已移除审批人：主管老李');

    await h.restart();
    await h.say('状态');
    expect(await h.text('接口令牌')).toMatch(/^审批人：(老陈|财务总监老陈)$/mu);

    // The live list decides: the boss now needs an approval, the CFO gives it.
    await h.say(ISSUE, { userId: BOSS });
    await h.click(await h.card('开票预览'), '确认开具', { userId: BOSS });
    await h.answered('已提交审批，审批人同意后自动开具');
    await h.click(await h.card('开票审批'), '同意', { userId: CFO });
    await h.text('发票已开具');
  });

  it("holds a clerk's 同意并开具 on a buyer's confirmation for approval: 驳回 sends nothing, 同意 issues once", async () => {
    h = await start(platform);
    const blue = await issueThroughChat(h, ISSUE, { userId: BOSS });
    await h.control('confirmations', { blueNumber: blue, grossFen: 53_000 });
    await h.say('确认单');
    const incoming = await h.card('购方红字确认单');

    // A clerk's 同意并开具 waits for an approver; nothing reaches the bureau.
    await h.click(incoming, '同意并开具');
    await h.answered('已提交审批，审批人同意后自动开具红字发票');
    await h.click(await h.card('红冲审批'), '驳回', { userId: BOSS });
    await h.text('红冲申请已被');
    expect(await submits(h, 'red-confirmation/confirm')).toBe(0);
    // The confirmation is the buyer's and still waits: asked again, a new approval; 同意 issues the red invoice once,
    // though two approvers click it at the same moment.
    const waiting = await waitUntil(
      () => h.cardsNow().findLast((card) => card.title.includes('购方红字确认单') && card.buttons.includes('同意并开具')),
      () => h.texts().join('\n'),
    );
    await h.click(waiting, '同意并开具');
    const second = await nthCard(h, '红冲审批 · 待审批', 2);
    await Promise.all([h.click(second, '同意', { userId: BOSS }), h.click(second, '同意', { userId: CFO })]);
    await h.text('红字发票已开具');
    expect(await submits(h, 'red-confirmation/confirm')).toBe(1);
    expect((await h.control('invoices')).red).toHaveLength(1);
  });
});

describe.each(CARDS_TAKE_INPUT)('%s: a 驳回 reason written on the approval card', (platform) => {
  let h: ChatHarness;
  afterEach(() => h?.close());

  it('is refused with a hidden control, else shown as typed to the requester and on both cards', async () => {
    h = await start(platform);
    const { approval } = await requestApproval(h);
    expect(approval.text).toContain('驳回理由');
    await h.click(approval, '驳回', { userId: BOSS, input: '同意\u202E' });
    await h.answered('驳回理由不能包含控制字符或文字方向控制符');
    // Markup in it is shown as typed (each platform's own escaping is in its own tests).
    const reason = '金额与合同不符 **加急** [合同](http://evil.example/x)';
    await h.click(approval, '驳回', { userId: BOSS, input: reason });
    await h.answered('已驳回，已通知申请人');
    expect(await h.text('驳回，未提交税局')).toContain(`理由：${reason}`);
    await cardNow(h, '已驳回', `审批：主管老李 已驳回\n理由：${reason}`);
    expect((await cardNow(h, '开票审批 · 已驳回')).text).toContain(`理由：${reason}`);
    expect(await submits(h, 'blue-invoice/submit')).toBe(0);
  });
});
