/**
 * The approval card's 同意 / 驳回 are the buttons of a form without a typed template: on a DingTalk markdown card they
 * are links like any other button (the optional 驳回 reason cannot be given there), and an approver's click runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDingTalkChat, type DingTalkChatHarness } from './platforms/dingtalk-chat.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const BOSS = 'staff-boss';

describe('DingTalk markdown cards: approvals', () => {
  let h: DingTalkChatHarness;
  afterEach(() => h?.close());

  it('shows 同意 and 驳回 as links, and an approver who clicks 同意 has the invoice issued', async () => {
    h = await startDingTalkChat('stream', { env: { APPROVERS: BOSS }, sandbox: { smsRequired: false, faceAutoPassMs: 0 } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    const approval = await h.card('开票审批');
    expect(approval.buttons).toEqual(['同意', '驳回']);
    expect(approval.text).not.toContain('复制下面的内容');

    await h.click(approval, '同意', { userId: BOSS });
    await h.answered('已同意，正在开具');
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });
});
