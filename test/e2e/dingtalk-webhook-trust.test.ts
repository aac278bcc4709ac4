import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { robotMessage, signedCallback } from '../fakes/dingtalk/callback.js';
import { deliver } from '../fakes/deliver.js';
import { GROUP } from '../fakes/dingtalk/platform.js';
import { CLERK } from './harness.js';
import { startDingTalkChat, type DingTalkChatHarness } from './platforms/dingtalk-chat.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const HOUR_MS = 3600_000;

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('DingTalk: only real, fresh robot callbacks run, and each runs once', () => {
  let h: DingTalkChatHarness;
  beforeEach(async () => {
    h = await startDingTalkChat('http', { sandbox: { smsRequired: false } });
  });
  afterEach(() => h.close());

  const help = () => robotMessage({ conversationId: GROUP, chatType: 'group', userId: CLERK, text: ' 帮助', robotCode: h.dingtalk.robotCode });
  const post = (request: ReturnType<typeof signedCallback>) => deliver(h.dingtalk.webhookUrl!, request);

  it('refuses a forged or missing signature and runs nothing', async () => {
    const signedWithAnotherSecret = signedCallback(help(), 'not-the-app-secret');
    expect((await post(signedWithAnotherSecret)).status).toBe(401);
    const good = signedCallback(help(), h.dingtalk.clientSecret);
    expect((await post({ ...good, headers: { ...good.headers, sign: `${good.headers.sign!.slice(0, -4)}AAA=` } })).status).toBe(401);
    const { sign: _sign, ...unsigned } = good.headers;
    expect((await post({ ...good, headers: unsigned })).status).toBe(401);
    await settle();
    expect(h.dingtalk.messages).toHaveLength(0);
  });

  it('refuses a signed callback more than an hour old or ahead, and takes one inside the hour', async () => {
    expect((await post(signedCallback(help(), h.dingtalk.clientSecret, Date.now() - HOUR_MS - 60_000))).status).toBe(401);
    expect((await post(signedCallback(help(), h.dingtalk.clientSecret, Date.now() + HOUR_MS + 60_000))).status).toBe(401);
    await settle();
    expect(h.dingtalk.messages).toHaveLength(0);
    expect((await post(signedCallback(help(), h.dingtalk.clientSecret, Date.now() - 59 * 60_000))).status).toBe(200);
    await h.text('开票');
  });

  it('refuses a callback for another robot', async () => {
    const other = robotMessage({ conversationId: GROUP, chatType: 'group', userId: CLERK, text: ' 帮助', robotCode: 'another-robot' });
    expect((await post(signedCallback(other, h.dingtalk.clientSecret))).status).toBe(403);
  });

  it('runs a replayed msgId once, freshly signed or not, and across a restart', async () => {
    const first = await h.dingtalk.say({ userId: CLERK, text: ISSUE });
    await h.card('开票预览');
    expect((await h.dingtalk.replay(first.body!)).status).toBe(200);
    expect((await h.dingtalk.replay(first.body!, Date.now() - 30 * 60_000)).status).toBe(200);
    await h.restart();
    expect((await h.dingtalk.replay(first.body!)).status).toBe(200);
    await h.say('帮助');
    await h.text('开票');
    expect(h.cards()).toHaveLength(1);
  });

  it('refuses a button token another member sends again, and one carried into another group', async () => {
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    const confirm = preview.buttons.indexOf('确认开具');
    const content = h.dingtalk.messagesIn(GROUP).find((m) => m.processQueryKey === preview.id)!.card!.buttons[confirm]!.content;
    const typed = content.replace(`@${h.dingtalk.botName} `, '');

    await h.say(typed, { chatId: 'cidAnotherGroup==' });
    await h.text('这个按钮不属于这个群', 'cidAnotherGroup==');
    await h.click(preview, '确认开具', { userId: 'staff-clerk' });
    await h.answered('已确认，正在开具');
    await h.say(typed, { userId: 'staff-someone-else' });
    await h.text('这个按钮已经用过了');

    await h.card('人脸认证');
    await h.control('scan', {});
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });

  it('never receives a link text that does not mention the bot in a group', async () => {
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    const delivery = await h.dingtalk.say({ userId: CLERK, text: `确认开具 #${preview.text.match(/#([2-9A-HJ-NP-Z]{6})/u)![1]}`, mentionsBot: false });
    expect(delivery.delivered).toBe(false);
    expect(preview.text).toContain(`@${h.dingtalk.botName}`);
  });
});
