import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardNow, CHAT_PLATFORMS, logInThroughChat, startChatHarness, type ChatHarness } from './chat-harness.js';
import { CLERK } from './harness.js';

const ISSUE = `开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6% 备注=十月服务
项目=咨询费 金额=530 税率=6%`;

describe.each(CHAT_PLATFORMS)('%s: a first blue invoice from the group chat', (platform) => {
  let h: ChatHarness;
  beforeEach(async () => {
    h = await startChatHarness(platform);
  });
  afterEach(() => h.close());

  it('goes from the command through preview, face scan and issue to the invoice number and link', async () => {
    await logInThroughChat(h);

    expect((await h.say(ISSUE)).status).toBe(200);
    const preview = await h.card('开票预览');
    expect(preview.text).toContain('杭州测试科技有限公司');
    expect(preview.text).toContain('1,590.00');
    expect(preview.text).toContain('90.00'); // 60.00 + 30.00 tax
    expect(preview.buttons).toEqual(['确认开具', '取消']);

    expect((await h.click(preview, '确认开具')).status).toBe(200);
    await h.answered('已确认，正在开具');

    const qr = await h.card('人脸认证');
    expect(qr.text).toContain('个税 App');
    expect(h.image(qr)?.subarray(1, 4).toString()).toBe('PNG');

    await h.control('scan', {});
    await h.text('人脸认证已通过');
    const text = await h.text('发票已开具');
    const number = text.match(/发票号码：(\d{20})/)?.[1];
    expect(number).toBeDefined();
    expect(text).toContain('价税合计：¥1,590.00');
    expect(text).toContain('购方：杭州测试科技有限公司');
    expect(text).toMatch(/开票日期：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    expect(text).toMatch(new RegExp(`下载：http://127\\.0\\.0\\.1:\\d+/__sandbox/download/${number}\\.pdf`));

    const final = await h.cardShowing(number!);
    expect(final.state).toBe('success');

    const invoices = await h.control('invoices');
    expect(invoices.blue).toHaveLength(1);
    expect(invoices.blue[0].fphm ?? invoices.blue[0].number).toBe(number);
  });

  it('issues from a one-to-one chat with the bot just as from the group', async () => {
    const chat = h.privateChatOf(CLERK);
    await h.say('登录', { privately: true });
    await h.text('短信验证码已发送', chat);
    await h.say('验证码 123456', { privately: true });
    await h.text('税局登录成功', chat);
    await h.say(ISSUE, { privately: true });
    const preview = await h.card('开票预览', chat);
    await h.click(preview, '确认开具');
    await h.card('人脸认证', chat);
    await h.control('scan', {});
    expect(await h.text('发票已开具', chat)).toContain('价税合计：¥1,590.00');
    expect((await cardNow(h, '已开具', '', chat)).state).toBe('success');
    expect(h.texts()).toEqual([]);
    expect(h.cards()).toEqual([]);
  });

  it('answers bad input with the field and the rule, and calls no provider', async () => {
    await h.say('开票 购方=杭州测试科技有限公司 税号=ABC 项目=服务费 金额=0 税率=7%');
    const text = await h.text('开票信息有误');
    expect(text).toContain('税号');
    expect(text).toContain('金额必须大于 0');
    expect(text).toContain('税率只能是');
    expect(await h.control('calls')).toEqual([]);
    expect(h.cards()).toHaveLength(0);
  });

  it('understands full-width input typed on a phone', async () => {
    await h.say('开票　购方＝杭州测试科技有限公司　税号：９１３３０１０６ＭＡ２ＫＸＮ４Ｘ３Ｘ　项目＝服务费　金额＝１０６０　税率＝６％');
    const preview = await h.card('开票预览');
    expect(preview.text).toContain('1,060.00');
  });
});
