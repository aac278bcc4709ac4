import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardElements } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { cardText, startHarness, type Harness } from './harness.js';

const TAX_ID = '91330106MA2KXN4X3X';
const MENTION_ALL = '<at id=all></at>';
const PHISHING = '[下载发票](https://evil.example/x)';

/** The markdown exactly as Feishu gets it: what it would read as markup. */
function rawMarkdown(card: unknown): string {
  return cardElements(card)
    .filter((element) => element.tag === 'markdown')
    .map((element) => String(element.content))
    .join('\n');
}

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Feishu's own markup: what user text becomes in the card JSON and text messages Feishu reads, and its card size.
 * What a person sees of it, on every platform: text-safety.test.ts.
 */
describe('Feishu: text from people is shown, never obeyed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
  });
  afterAll(() => h.close());

  it('shows a mention of everyone and a markdown link in names as text, on the card and in the invoice message', async () => {
    await h.say(`开票 购方="${MENTION_ALL}杭州测试科技有限公司" 税号=${TAX_ID} 项目="${PHISHING}" 金额=1060 税率=6%`);
    const preview = await h.cardWith('杭州测试科技有限公司');
    const markdown = rawMarkdown(preview.originalContent);
    expect(markdown).not.toMatch(/<at\b/u);
    expect(markdown).not.toContain('](https://evil');
    expect(cardText(preview.originalContent)).toContain(`${MENTION_ALL}杭州测试科技有限公司`);
    expect(cardText(preview.originalContent)).toContain(PHISHING);

    await h.click(preview, '确认开具');
    await h.card('人脸认证');
    await h.control('scan', {});
    const delivered: FakeFeishuMessage = await h.text('发票已开具');
    const sent = String(delivered.content.text);
    expect(sent).not.toMatch(/<at\b/u);
    expect(sent.replaceAll('\u2060', '')).toContain(`购方：${MENTION_ALL}杭州测试科技有限公司`);

    const final = await h.feishu.waitFor(() => {
      const card = h.feishu.message(preview.messageId)?.content;
      return card && cardText(card).includes('发票号码') ? card : undefined;
    });
    expect(rawMarkdown(final)).not.toMatch(/<at\b|\]\(https:\/\/evil/u);
    expect(rawMarkdown(final)).toMatch(/\[下载发票\]\(http:\/\/127\.0\.0\.1:\d+\//u);
  });

  it('keeps ~ as ~ on the card: a numeric reference, not &sim; (∼)', async () => {
    await h.say(`开票 购方=杭州~波浪科技有限公司 税号=${TAX_ID} 项目=服务费 金额=100 税率=6%`);
    const preview = await h.cardWith('波浪科技');
    expect(rawMarkdown(preview.originalContent)).toContain('杭州&#126;波浪科技有限公司');
    expect(rawMarkdown(preview.originalContent)).not.toContain('&sim;');
    expect(cardText(preview.originalContent)).toContain('杭州~波浪科技有限公司');
    await h.click(preview, '取消');
  });

  it('keeps the preview card of a valid 100-line draft under 30 KB: the first lines and the totals', async () => {
    const lines = Array.from({ length: 100 }, (_, index) => `项目=${'长'.repeat(95)}服务${String(index + 1).padStart(3, '0')} 金额=100 税率=6%`);
    await h.say(`开票 购方=百行科技有限公司 税号=${TAX_ID}\n${lines.join('\n')}`);
    const preview = await h.cardWith('百行科技');
    expect(bytesOf(preview.originalContent)).toBeLessThan(30 * 1024);
    const text = cardText(preview.originalContent);
    expect(text).toContain('…共 100 行，仅显示前 20 行');
    expect(text).toContain('价税合计**：¥10,000.00');
    await h.click(preview, '取消');
  });
});
