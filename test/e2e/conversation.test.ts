/** One group, one bot, on every platform: a sequence of things people do; each test leaves the chat as the next expects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNow, CHAT_PLATFORMS, clickAndHear, startChatHarness, waitUntil, type ChatCard, type ChatHarness } from './chat-harness.js';
import { replyTo } from './typed-replies.js';

/** Waits for a card that, as first sent, shows `fragment`. */
function cardWith(h: ChatHarness, fragment: string): Promise<ChatCard> {
  return waitUntil(() => h.cards().find((card) => card.text.includes(fragment)), () => h.texts().join('\n'));
}

/** How many texts hold `fragment`. */
const count = (h: ChatHarness, fragment: string) => h.texts().filter((text) => text.includes(fragment)).length;

describe.each(CHAT_PLATFORMS)('%s: talking to the bot', (platform) => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatHarness(platform, { sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
  });
  afterAll(() => h.close());

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
    expect(await replyTo(h, command)).toContain(rule);
    expect((await h.control('calls')).length).toBe(before);
  });

  it('asks the buyer to confirm a tax id whose check digit fails, on the preview card', async () => {
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3Y 项目=服务费 金额=100 税率=6%');
    const preview = await cardWith(h, '校验位');
    expect(preview.buttons).toContain('确认无误，仍然开具');
    await clickAndHear(h, preview, '取消', '已取消');
  });

  it('warns on the preview when a company buyer has no tax number, since it would be issued to a natural person', async () => {
    await h.say('开票 购方=杭州无税号科技有限公司 项目=服务费 金额=100 税率=6%');
    const preview = await cardWith(h, '单位抬头需要填写税号');
    expect(preview.text).toContain('不填将按个人（自然人）开具');
    expect(preview.buttons).toContain('确认无误，仍然开具');
    await clickAndHear(h, preview, '取消', '已取消');
  });

  it('offers a way to fill in 开票 sent without arguments', async () => {
    await h.say('开票');
    const offered = await waitUntil(() => h.cards().find((card) => card.title === '开票'), () => h.texts().join('\n'));
    for (const field of ['购方', '税号', '项目', '金额', '税率']) expect(offered.text).toContain(field);
  });

  it('posts a new QR when the old one expired unscanned, from the button on the expired card', async () => {
    await h.say('认证');
    await h.card('人脸认证');
    const withImage = () => h.cards().filter((card) => h.image(card) !== undefined).length;
    const qrs = withImage();
    await h.control('expire', { what: 'qr' });
    const expired = await cardNow(h, '二维码已过期');
    await clickAndHear(h, expired, '重新获取二维码', '新的二维码已发送');
    await waitUntil(() => withImage() > qrs || undefined, () => h.texts().join('\n'));
    await h.control('scan', {});
    await h.text('人脸认证已通过');
  });

  it('tells login, token and face-auth state and the jobs in flight', async () => {
    const status = await replyTo(h, '状态');
    expect(status).toContain('税局登录：✅ 有效');
    expect(status).toContain('人脸认证：✅ 有效');
    expect(status).toContain('进行中的开票');
  });

  it('keeps issuing when the provider token expired meanwhile (refreshed automatically)', async () => {
    await h.control('expire', { what: 'token' });
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=运维费 金额=318 税率=6%');
    await h.click(await cardWith(h, '运维费'), '确认开具');
    expect(await h.text('价税合计：¥318.00')).toContain('发票已开具');
  });

  it('marks the card failed with the bureau’s reason when the bureau refuses, and says so once', async () => {
    await h.control('inject', { code: 399, count: 1, path: 'blueSubmit' });
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=培训费 金额=530 税率=6%');
    await h.click(await cardWith(h, '培训费'), '确认开具');
    expect(await h.text('开具失败')).toContain('税局拒绝');
    expect((await cardNow(h, '开具失败', '培训费')).text).toContain('税局拒绝');
    expect(count(h, '开具失败')).toBe(1);
    expect((await h.control('invoices')).blue.some((invoice: unknown) => JSON.stringify(invoice).includes('培训费'))).toBe(false);
  });

  it('answers 确认开具 on a cancelled preview: it will not be issued', async () => {
    const before = (await h.control('calls')).length;
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=取消费 金额=100 税率=6%');
    const cancelled = await cardWith(h, '取消费');
    await h.click(cancelled, '取消');
    await cardNow(h, '已取消', '取消费');
    await clickAndHear(h, cancelled, '确认开具', '这张发票已取消，不会开具；需要的话请重新发送开票');
    expect((await h.control('calls')).length).toBe(before);
  });

  it('pauses a job when the bureau login expired and resumes it after 登录', async () => {
    await h.control('expire', { what: 'login' });
    await h.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=审计费 金额=1060 税率=6%');
    await h.click(await cardWith(h, '审计费'), '确认开具');
    await h.text('税局登录已失效，开票暂停');
    const delivered = count(h, '发票已开具');
    await h.say('登录');
    await waitUntil(() => count(h, '发票已开具') > delivered || undefined, () => h.texts().join('\n'));
    expect(h.texts().filter((text) => text.includes('发票已开具')).at(-1)).toContain('价税合计：¥1,060.00');
  });

  it('lists the commands on 帮助', async () => {
    const help = await replyTo(h, '帮助');
    for (const name of ['登录', '认证', '开票', '状态', '验证码']) expect(help).toContain(name);
  });
});
