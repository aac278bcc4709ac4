import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxOptions } from '../../src/api/sandbox/index.js';
import { cardButtons, cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { withBlueInvoice as issueBlue } from './blue-invoice.js';
import type { Harness, HarnessOptions } from './harness.js';

/** Two lines: 1,060.00 and 530.00, both 6 %. */
const ISSUE = ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%', '项目=咨询费 金额=530 税率=6%'].join('\n');

interface Call {
  path: string;
  code: number;
  params: Record<string, string>;
}

async function calls(h: Harness, path?: string): Promise<Call[]> {
  const all: Call[] = await h.control('calls');
  return path ? all.filter((call) => call.path.endsWith(path)) : all;
}

/** A seller ready to refund: one blue invoice of ISSUE, with `sandbox` options on the simulator. */
function withBlueInvoice(sandbox: Partial<SandboxOptions> = {}, options: HarnessOptions = {}): Promise<{ h: Harness; blue: string }> {
  return issueBlue(ISSUE, { ...options, sandbox });
}

/** The card as it shows now (its title and text), not as it was first sent. */
function now(h: Harness, card: FakeFeishuMessage): { title: string; text: string; buttons: string[] } {
  const content = h.feishu.message(card.messageId)?.content ?? {};
  return { title: cardTitle(content), text: cardText(content), buttons: cardButtons(content).map((button) => button.text) };
}

async function cardBecomes(h: Harness, card: FakeFeishuMessage, title: string): Promise<void> {
  await h.feishu.waitFor(() => now(h, card).title.includes(title) || undefined);
}

/** The nth (1-based) text message containing `fragment`, waiting for it. */
async function nthText(h: Harness, fragment: string, n: number): Promise<string> {
  return h.feishu.waitFor(() => h.texts().filter((text) => text.includes(fragment))[n - 1]);
}

describe('Feishu: 红冲 (refunds)', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('refunds a whole invoice issued at once: preview, one submit for two clicks, the red number, date, amount and link', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    await h.say(`红冲 ${blue}`);
    const preview = await h.card('红冲预览');
    const shown = cardText(preview.content);
    for (const fragment of [blue, '杭州测试科技有限公司', '¥1,590.00', '已红冲', '¥0.00', '开票有误', '整张红冲']) expect(shown).toContain(fragment);
    expect(cardButtons(preview.content).map((button) => button.text)).toEqual(['确认红冲', '取消']);

    const [first, second] = await Promise.all([h.click(preview, '确认红冲'), h.click(preview, '确认红冲')]);
    expect([first.json.toast.type, second.json.toast.type].sort()).toEqual(['info', 'success']);
    const delivered = await h.text('红字发票已开具');
    const text = String(delivered.content.text);
    expect(text).toMatch(/红字发票号码：\d{20}/);
    expect(text).toMatch(/开票日期：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    expect(text).toContain(`对应蓝字发票：${blue}`);
    expect(text).toContain('红冲金额：¥-1,590.00');
    expect(text).toMatch(/下载：http/);
    await cardBecomes(h, preview, '已红冲');
    expect(now(h, preview).buttons).toEqual([]);

    const submits = await calls(h, 'red-invoice/submit');
    expect(submits).toHaveLength(1);
    expect(submits[0]!.params.hzmx).toBeUndefined();
    expect((await h.control('invoices')).red).toHaveLength(1);

    // Nothing left: the next request is answered without any submit.
    await h.say(`红冲 ${blue}`);
    expect(String((await h.text('没有可红冲的金额')).content.text)).toContain('已红冲 ¥1,590.00');
    expect(await calls(h, 'red-invoice/submit')).toHaveLength(1);
  });

  it('refunds in parts: by amount, by line, and what is left, each sent as hzmx; never more than is left', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    const refund = async (text: string, n: number) => {
      await h.say(text);
      const preview = await nthCard(h, '红冲预览', n);
      await h.click(preview, '确认红冲');
      await nthText(h, '红字发票已开具', n);
      return preview;
    };

    const first = await refund(`红冲 ${blue} 销货退回 金额=530`, 1);
    expect(cardText(first.content)).toContain('销货退回');
    await refund(`红冲 ${blue} 销售折让\n项目=2 金额=100`, 2);
    await h.say(`红冲 ${blue} 金额=5000`);
    expect(String((await h.text('超过可红冲的')).content.text)).toContain('¥960.00');
    const rest = await refund(`红冲 ${blue} 04`, 3);
    expect(cardText(rest.content)).toContain('¥960.00');

    const sent = (await calls(h, 'red-invoice/submit')).map((call) => JSON.parse(call.params.hzmx ?? 'null'));
    expect(sent).toEqual([
      [{ xh: 1, jshj: '530.00' }],
      [{ xh: 2, jshj: '100.00' }],
      [
        { xh: 1, jshj: '530.00' },
        { xh: 2, jshj: '430.00' },
      ],
    ]);
    const reds: Array<{ grossFen: number }> = (await h.control('invoices')).red;
    expect(reds.map((red) => red.grossFen)).toEqual([-53_000, -10_000, -96_000]);
    await h.say(`红冲 ${blue}`);
    await h.text('没有可红冲的金额');
  });

  it('answers bad input with the field and the rule, and calls nothing that could refund', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    const before = (await calls(h)).length;
    const cases: Array<[string, string]> = [
      ['红冲', '缺少蓝字发票号码'],
      ['红冲 12345', '应为 20 位数字'],
      [`红冲 ${blue} 退款`, '原因「退款」无法识别'],
      [`红冲 ${blue} 金额=-5`, '金额必须大于 0'],
      [`红冲 ${blue} 金额=1.234`, '金额最多两位小数'],
      [`红冲 ${blue} 项目=x 金额=5`, '项目应为蓝字发票上的行号'],
      [`红冲 ${blue} 项目=1`, '项目=1 缺少金额'],
    ];
    for (const [text, reply] of cases) {
      await h.say(text);
      expect(String((await h.text(reply)).content.text)).toContain('未提交税局');
    }
    expect(await calls(h)).toHaveLength(before);

    // Known to be wrong only after a look at the invoice: read-only queries, still no submit.
    await h.say(`红冲 ${blue} 项目=3 金额=5`);
    await h.text('项目=3 不存在：蓝字发票只有 2 行');
    await h.say(`红冲 ${blue} 项目=2 金额=600`);
    await h.text('超过该行价税合计 ¥530.00');
    await h.say('红冲 25332000009999999999');
    await h.text('找不到蓝字发票 25332000009999999999');
    expect(await calls(h, 'red-invoice/submit')).toHaveLength(0);
    expect(h.feishu.messagesIn('oc_finance_group').filter((message) => cardTitle(message.content).includes('红冲预览'))).toHaveLength(0);
  });

  it('取消 on the preview cancels once; nothing reaches the bureau, and a late 确认红冲 changes nothing', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    await h.say(`红冲 ${blue}`);
    const preview = await h.card('红冲预览');
    const answers = await Promise.all([h.click(preview, '取消'), h.click(preview, '取消')]);
    expect(answers.map((answer) => answer.json.toast.content)).toEqual(['已取消', '已取消']);
    // The answer itself turns the clicked card into its final state.
    for (const answer of answers) expect(JSON.stringify(answer.json.card)).toContain('已取消');
    expect((await h.click({ ...preview, content: preview.originalContent }, '确认红冲')).json.toast.type).toBe('info');
    expect(await calls(h, 'red-invoice/submit')).toHaveLength(0);
  });

  it('the bureau refusing a refund (399) is shown as it is', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    // The buyer has already entered a confirmation for all of it at the bureau: nothing is left to refund.
    await h.control('confirmations', { blueNumber: blue });
    await h.say(`红冲 ${blue}`);
    await h.click(await h.card('红冲预览'), '确认红冲');
    expect(String((await h.text('红冲未完成')).content.text)).toContain('蓝票没有可红冲的金额');
    expect((await h.control('invoices')).red).toHaveLength(0);
  });

  it('the document sample answer data {} is looked up, not failed', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice({ redSubmitEmptyData: true }));
    await h.say(`红冲 ${blue}`);
    await h.click(await h.card('红冲预览'), '确认红冲');
    const delivered = String((await h.text('红字发票已开具')).content.text);
    const [red] = (await h.control('invoices')).red;
    expect(delivered).toContain(`红字发票号码：${red.fphm}`);
    expect(await calls(h, 'red-invoice/submit')).toHaveLength(1);
  });

  describe('a confirmation waiting for the buyer', () => {
    it('says so, watches, and posts the red invoice once the buyer agrees', async () => {
      let blue: string;
      ({ h, blue } = await withBlueInvoice({ redMode: 'confirmation' }));
      await h.say(`红冲 ${blue} 销货退回`);
      const preview = await h.card('红冲预览');
      await h.click(preview, '确认红冲');
      expect(String((await h.text('等待购方确认')).content.text)).toContain(blue);
      await cardBecomes(h, preview, '等待购方确认');
      const uuid = (await confirmationUuids(h))[0]!;
      await h.control(`confirmations/${uuid}/buyer`, { action: 'agree' });
      await h.text('红字发票已开具');
      await cardBecomes(h, preview, '已红冲');
      expect((await h.control('invoices')).red).toHaveLength(1);
    });

    it('reports a refusal by the buyer, and a lapse after 72 hours', async () => {
      let blue: string;
      ({ h, blue } = await withBlueInvoice({ redMode: 'confirmation' }));
      await h.say(`红冲 ${blue} 金额=100`);
      await h.click(await h.card('红冲预览'), '确认红冲');
      await h.text('等待购方确认');
      await h.control(`confirmations/${(await confirmationUuids(h))[0]}/buyer`, { action: 'reject' });
      await h.text('购方拒绝了红字确认单');

      await h.say(`红冲 ${blue} 金额=200`);
      await h.click(await nthCard(h, '红冲预览', 2), '确认红冲');
      await nthText(h, '等待购方确认', 2);
      await h.control('advance', { ms: 73 * 3600_000 });
      // Three days on, the bureau login has lapsed too: the watcher waits for it, then carries on.
      await h.text('红冲暂停');
      await h.say('登录');
      await nthText(h, '税局登录成功', 2);
      await h.text('超过 72 小时无人确认');
      expect((await h.control('invoices')).red).toHaveLength(0);
    });
  });

  describe('a confirmation waiting for this side (确认开具 / 撤销)', () => {
    it('确认开具 issues it once, however often it is clicked', async () => {
      let blue: string;
      ({ h, blue } = await withBlueInvoice({ redMode: 'seller_confirm' }));
      await h.say(`红冲 ${blue}`);
      const preview = await h.card('红冲预览');
      await h.click(preview, '确认红冲');
      await h.text('需要我方确认');
      await cardBecomes(h, preview, '待我方确认');
      expect(now(h, preview).buttons).toEqual(['确认开具', '撤销']);
      const current = { ...preview, content: h.feishu.message(preview.messageId)!.content };
      const [a, b] = await Promise.all([h.click(current, '确认开具'), h.click(current, '确认开具')]);
      expect([a.json.toast.type, b.json.toast.type].sort()).toEqual(['info', 'success']);
      await h.text('红字发票已开具');
      expect(await calls(h, 'red-confirmation/confirm')).toHaveLength(1);
      expect((await h.control('invoices')).red).toHaveLength(1);
    });

    it('撤销 cancels the confirmation and issues nothing', async () => {
      let blue: string;
      ({ h, blue } = await withBlueInvoice({ redMode: 'seller_confirm' }));
      await h.say(`红冲 ${blue}`);
      const preview = await h.card('红冲预览');
      await h.click(preview, '确认红冲');
      await cardBecomes(h, preview, '待我方确认');
      const current = { ...preview, content: h.feishu.message(preview.messageId)!.content };
      const [a, b] = await Promise.all([h.click(current, '撤销'), h.click(current, '撤销')]);
      expect([a.json.toast.type, b.json.toast.type].sort()).toEqual(['info', 'success']);
      await h.text('已撤销');
      await cardBecomes(h, preview, '已取消');
      const confirms = await calls(h, 'red-confirmation/confirm');
      expect(confirms.map((call) => call.params.czlx)).toEqual(['3']);
      expect((await h.control('invoices')).red).toHaveLength(0);
    });
  });

  describe('never two red invoices for one request', () => {
    it('a submit whose answer was lost is looked up after a restart, not sent again', async () => {
      let blue: string;
      ({ h, blue } = await withBlueInvoice({}, { timing: { jobRetry: { initialMs: 60_000, maxMs: 60_000, factor: 1 } } }));
      // The bureau issues the red invoice, but its answer never arrives (a 500 in its place).
      await h.control('inject', { path: 'red-invoice/submit', code: 500, afterHandling: true });
      await h.say(`红冲 ${blue}`);
      const preview = await h.card('红冲预览');
      await h.click(preview, '确认红冲');
      await waitUntil(async () => (await calls(h, 'red-invoice/submit')).length === 1);
      await h.restart();
      const delivered = String((await h.text('红字发票已开具')).content.text);
      const reds = (await h.control('invoices')).red;
      expect(reds).toHaveLength(1);
      expect(delivered).toContain(reds[0].fphm);
      expect(await calls(h, 'red-invoice/submit')).toHaveLength(1);
    });

    it('a submit that did nothing is sent again once the lookup finds nothing', async () => {
      let blue: string;
      ({ h, blue } = await withBlueInvoice());
      await h.control('inject', { path: 'red-invoice/submit', code: 500 });
      await h.say(`红冲 ${blue}`);
      await h.click(await h.card('红冲预览'), '确认红冲');
      await h.text('红字发票已开具');
      expect((await h.control('invoices')).red).toHaveLength(1);
      // Refused at the gate (609) the client may retry at once; a 500 it leaves to the job, which looks first.
      expect((await calls(h, 'red-invoice/submit')).map((call) => call.code)).toEqual([500, 200]);
      const redCalls = (await calls(h)).map((call) => call.path).filter((path) => path.startsWith('red-') && !path.endsWith('/page'));
      expect(redCalls).toEqual([
        'red-invoice/query',
        'red-invoice/submit',
        'red-invoice/query',
        'red-confirmation/query',
        'red-invoice/submit',
      ]);
    });

    it('a replayed 红冲 message posts one preview', async () => {
      let blue: string;
      ({ h, blue } = await withBlueInvoice());
      await h.say(`红冲 ${blue}`, { eventId: 'ev-refund-1' });
      await h.card('红冲预览');
      await h.say(`红冲 ${blue}`, { eventId: 'ev-refund-1' });
      await h.restart();
      await h.say(`红冲 ${blue}`, { eventId: 'ev-refund-1' });
      await h.say('帮助', { eventId: 'ev-after' });
      await h.text('红冲');
      expect(h.feishu.messagesIn('oc_finance_group').filter((message) => cardTitle(message.content).includes('红冲预览'))).toHaveLength(1);
    });
  });
});

async function nthCard(h: Harness, title: string, n: number): Promise<FakeFeishuMessage> {
  return h.feishu.waitFor(() => h.feishu.messagesIn('oc_finance_group').filter((message) => cardTitle(message.originalContent ?? message.content).includes(title))[n - 1]);
}

/** Confirmations at the simulated bureau, oldest first. */
async function confirmationUuids(h: Harness): Promise<string[]> {
  const { confirmations } = await h.control('invoices');
  return (confirmations as Array<{ uuid: string }>).map((confirmation) => confirmation.uuid);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
