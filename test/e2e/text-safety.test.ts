/** On every platform, whoever types what: it is shown as typed, never obeyed; answers stay short; nothing odd reaches the provider. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_PLATFORMS, clickAndHear, startChatHarness, waitUntil, type ChatCard, type ChatHarness } from './chat-harness.js';
import { replyTo } from './typed-replies.js';

const TAX_ID = '91330106MA2KXN4X3X';
const MENTION_ALL = '<at id=all></at>';
const PHISHING = '[下载发票](https://evil.example/x)';
const MARKDOWN = '**加粗** @所有人 # 标题';

describe.each(CHAT_PLATFORMS)('%s: text from people is shown, never obeyed', (platform) => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatHarness(platform, { sandbox: { smsRequired: false, faceAutoPassMs: 0 } });
    await h.say('登录');
    await h.text('税局登录成功');
  });
  afterAll(() => h.close());

  /** Waits for a card that, as first sent, shows `fragment`. */
  const cardWith = (fragment: string): Promise<ChatCard> =>
    waitUntil(() => h.cards().find((card) => card.text.includes(fragment)), () => h.texts().join('\n'));

  it('shows mentions, links and markup in names as typed, on the cards and in the invoice message', async () => {
    const buyer = `${MENTION_ALL}杭州测试科技有限公司 ${MARKDOWN}`;
    await h.say(`开票 购方="${buyer}" 税号=${TAX_ID} 项目="${PHISHING}" 金额=1060 税率=6%`);
    const preview = await cardWith('杭州测试科技有限公司');
    expect(preview.text).toContain(buyer);
    expect(preview.text).toContain(PHISHING);

    await h.click(preview, '确认开具');
    const delivered = await h.text('发票已开具');
    expect(delivered).toContain(`购方：${buyer}`);
    const issued = await waitUntil(() => h.cardsNow().find((card) => card.text.includes('发票号码')), () => h.texts().join('\n'));
    expect(issued.text).toContain(buyer);
    expect(issued.text).toContain(PHISHING);
  });

  it.each([
    ['only BEL', '\u0007'],
    ['only U+200F', '\u200F'],
    ['an RTL-override reversed name', '\u202E司公限有技科试测州杭'],
  ])('refuses a buyer name that is %s, naming the field, and calls no provider', async (_name, buyer) => {
    const calls = (await h.control('calls')).length;
    expect(await replyTo(h, `开票 购方=${buyer} 税号=${TAX_ID} 项目=服务费 金额=100 税率=6%`)).toContain('购方名称不能包含控制字符或文字方向控制符');
    expect((await h.control('calls')).length).toBe(calls);
  });

  it('keeps ~ as ~ on the card', async () => {
    await h.say(`开票 购方=杭州~波浪科技有限公司 税号=${TAX_ID} 项目=服务费 金额=100 税率=6%`);
    const preview = await cardWith('波浪科技');
    expect(preview.text).toContain('杭州~波浪科技有限公司');
    await clickAndHear(h, preview, '取消', '已取消');
  });

  it.each([
    ['5 000 repeated keys', `开票 ${'购方=杭州 '.repeat(5000)}`, '购方写了两次', true],
    ['100 KB of stray words', `开票 ${'乱码 '.repeat(34_000)}购方=杭州`, '看不懂', false],
    ['stray words on 5 000 lines', `开票 购方=杭州\n${'乱码 乱码\n'.repeat(5000)}`, '看不懂', true],
  ])('answers %s with a short reply', async (_name, command, rule, listCapped) => {
    expect(Buffer.byteLength(command)).toBeGreaterThan(40_000);
    const text = await replyTo(h, command);
    expect(text).toContain(rule);
    if (listCapped) expect(text).toMatch(/…还有 [\d ]+ 处/u);
    expect(Buffer.byteLength(text)).toBeLessThan(4_000);
  });

  it('previews a valid 100-line draft by its first lines and the totals', async () => {
    const lines = Array.from({ length: 100 }, (_, index) => `项目=${'长'.repeat(95)}服务${String(index + 1).padStart(3, '0')} 金额=100 税率=6%`);
    await h.say(`开票 购方=百行科技有限公司 税号=${TAX_ID}\n${lines.join('\n')}`);
    const preview = await cardWith('百行科技');
    expect(preview.text).toContain('…共 100 行，仅显示前 20 行');
    expect(preview.text).toContain('价税合计：¥10,000.00');
    expect(preview.buttons).toEqual(['确认开具', '取消']);
    await clickAndHear(h, preview, '取消', '已取消');
  });
});
