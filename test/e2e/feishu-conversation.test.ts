import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardButtons, cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { CHAT, startHarness, type Harness } from './harness.js';

/** One group, one bot, a sequence of things people do; each test leaves the chat as the next one expects. */
describe('Feishu: talking to the bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
  });
  afterAll(() => h.close());

  const lastText = () => h.texts().at(-1) ?? '';

  it.each([
    ['开票 税号=91330106MA2KXN4X3X 项目=服务费 金额=100 税率=6%', '购方不能为空'],
    ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=服务费 金额=100 税率=6% 类型=纸票', '类型只能是普票或专票'],
    ['开票 购方=杭州测试科技有限公司 税号=12345 项目=服务费 金额=100 税率=6%', '税号应为 15、17、18 或 20 位字母和数字'],
    ['开票 购方=张三 项目=服务费 金额=100 税率=6% 类型=专票', '专票必须填写购方税号'],
    ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=服务费 金额=-5 税率=6%', '金额必须大于 0'],
    ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=服务费 金额=10.123 税率=6%', '金额最多两位小数'],
    ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=服务费 金额=100 税率=7%', '税率只能是'],
    ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 金额=100 税率=6%', '项目名称不能为空'],
    ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=服务费 金额=100 税率=6% 邮箱=abc', '邮箱格式不正确'],
    ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=服务费 金额=100 税率=6% 颜色=红', '不认识的字段'],
  ])('answers %s with a reply naming the rule and sends nothing to the provider', async (command, rule) => {
    const before = (await h.control('calls')).length;
    const texts = h.texts().length;
    await h.say(command);
    await h.feishu.waitFor(() => h.texts().length > texts || undefined);
    expect(lastText()).toContain(rule);
    expect((await h.control('calls')).length).toBe(before);
  });

  it('asks the buyer to confirm a tax id whose check digit fails, on the preview card', async () => {
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3Y 项目=服务费 金额=100 税率=6%');
    const preview = await h.cardWith('校验位');
    expect(cardButtons(preview.originalContent).map((b) => b.text)).toContain('确认无误，仍然开具');
    expect((await h.click(preview, '取消')).json.toast.content).toBe('已取消');
  });

  it('warns on the preview when a company buyer has no tax number, since it would be issued to a natural person', async () => {
    await h.say('开票 购方=杭州无税号科技有限公司 项目=服务费 金额=100 税率=6%');
    const preview = await h.cardWith('单位抬头需要填写税号');
    expect(cardText(preview.originalContent)).toContain('不填将按个人（自然人）开具');
    expect(cardButtons(preview.originalContent).map((b) => b.text)).toContain('确认无误，仍然开具');
    expect((await h.click(preview, '取消')).json.toast.content).toBe('已取消');
  });

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

  it('posts a new QR when the old one expired unscanned, from the button on the expired card', async () => {
    await h.say('认证');
    const qr = await h.card('人脸认证');
    await h.control('expire', { what: 'qr' });
    const expired = await h.feishu.waitFor(() => {
      const card = h.feishu.message(qr.messageId)?.content;
      return card && cardTitle(card) === '二维码已过期' ? h.feishu.message(qr.messageId) : undefined;
    });
    const qrCards = () => h.feishu.messagesIn(CHAT).filter((m) => m.msgType === 'interactive' && JSON.stringify(m.originalContent).includes('img_key'));
    const count = qrCards().length;
    expect((await h.click(expired!, '重新获取二维码')).json.toast.content).toBe('新的二维码已发送');
    await h.feishu.waitFor(() => qrCards().length > count || undefined);
    await h.control('scan', {});
    await h.text('人脸认证已通过');
  });

  it('tells login, token and face-auth state and the jobs in flight', async () => {
    const texts = h.texts().length;
    await h.say('状态');
    await h.feishu.waitFor(() => h.texts().length > texts || undefined);
    const status = lastText();
    expect(status).toContain('税局登录：✅ 有效');
    expect(status).toContain('人脸认证：✅ 有效');
    expect(status).toContain('进行中的开票');
  });

  it('keeps issuing when the provider token expired meanwhile (refreshed automatically)', async () => {
    await h.control('expire', { what: 'token' });
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=运维费 金额=318 税率=6%');
    const preview = await h.cardWith('运维费');
    await h.click(preview, '确认开具');
    const delivered = await h.text('价税合计：¥318.00');
    expect(String(delivered.content.text)).toContain('发票已开具');
  });

  it('marks the card failed with the bureau’s reason when the bureau refuses, and says so once', async () => {
    await h.control('inject', { code: 399, count: 1, path: 'blueSubmit' });
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=培训费 金额=530 税率=6%');
    const preview = await h.cardWith('培训费');
    await h.click(preview, '确认开具');
    const failed = await h.text('开具失败');
    expect(String(failed.content.text)).toContain('税局拒绝');
    const card = await h.feishu.waitFor(() => {
      const content = h.feishu.message(preview.messageId)?.content;
      return content && cardTitle(content) === '开具失败' ? content : undefined;
    });
    expect(cardText(card)).toContain('税局拒绝');
    expect((await h.control('invoices')).blue.some((invoice: any) => JSON.stringify(invoice).includes('培训费'))).toBe(false);
  });

  it('answers 确认开具 on a card as first shown by what became of the job: cancelled, failed or issued', async () => {
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

  it('pauses a job when the bureau login expired and resumes it after 登录', async () => {
    await h.control('expire', { what: 'login' });
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=审计费 金额=1060 税率=6%');
    const preview = await h.cardWith('审计费');
    await h.click(preview, '确认开具');
    await h.text('税局登录已失效，开票暂停');
    const delivered = h.texts().filter((text) => text.includes('发票已开具')).length;
    await h.say('登录');
    await h.feishu.waitFor(() => h.texts().filter((text) => text.includes('发票已开具')).length > delivered || undefined);
    expect(h.texts().at(-1)).toContain('价税合计：¥1,060.00');
  });

  it('lists the commands on 帮助', async () => {
    await h.say('帮助');
    const help = await h.text('验证码');
    for (const name of ['登录', '认证', '开票', '状态']) expect(String(help.content.text)).toContain(name);
  });

  it('never mentions everyone in the group, whatever it said above', () => {
    expect(h.feishu.everyoneMentions()).toEqual([]);
  });
});
