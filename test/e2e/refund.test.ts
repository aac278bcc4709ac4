/** 红冲 on every platform: whole and in parts, each confirmation path, bad input, and never two red invoices. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SandboxOptions } from '../../src/api/sandbox/index.js';
import { startWithBlueInvoice } from './blue-invoice.js';
import { cardNow, CHAT_PLATFORMS, waitUntil, type ChatCard, type ChatHarness, type ChatPlatform } from './chat-harness.js';
import type { HarnessOptions } from './harness.js';

/** Two lines: 1,060.00 and 530.00, both 6 %. */
const ISSUE = ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%', '项目=咨询费 金额=530 税率=6%'].join('\n');

interface Call {
  path: string;
  code: number;
  params: Record<string, string>;
}

async function calls(h: ChatHarness, path?: string): Promise<Call[]> {
  const all: Call[] = await h.control('calls');
  return path ? all.filter((call) => call.path.endsWith(path)) : all;
}

/** The nth (1-based) card whose title, as first sent, contains `title`. */
function nthCard(h: ChatHarness, title: string, n: number): Promise<ChatCard> {
  return waitUntil(() => h.cards().filter((card) => card.title.includes(title))[n - 1], () => h.texts().join('\n'));
}

/** The nth (1-based) text message containing `fragment`. */
function nthText(h: ChatHarness, fragment: string, n: number): Promise<string> {
  return waitUntil(() => h.texts().filter((text) => text.includes(fragment))[n - 1], () => h.texts().join('\n'));
}

/** Confirmations at the simulated bureau, oldest first. */
async function confirmationUuids(h: ChatHarness): Promise<string[]> {
  const { confirmations } = await h.control('invoices');
  return (confirmations as Array<{ uuid: string }>).map((confirmation) => confirmation.uuid);
}

describe.each(CHAT_PLATFORMS)('%s: 红冲 (refunds)', (platform) => {
  let h: ChatHarness;
  afterEach(() => h?.close());

  /** A seller ready to refund: one blue invoice of ISSUE, with `sandbox` options on the simulator. */
  async function withBlueInvoice(sandbox: Partial<SandboxOptions> = {}, options: HarnessOptions = {}): Promise<string> {
    let blue: string;
    ({ h, blue } = await startWithBlueInvoice(platform as ChatPlatform, ISSUE, { ...options, sandbox }));
    return blue;
  }

  /** Types `text` (a 红冲) and clicks 确认红冲 on the preview it brings, the nth of the chat. */
  async function confirmRefund(text: string, n = 1): Promise<ChatCard> {
    await h.say(text);
    const preview = await nthCard(h, '红冲预览', n);
    await h.click(preview, '确认红冲');
    return preview;
  }

  it('refunds a whole invoice issued at once: preview, one submit for two clicks, the red number, date, amount and link', async () => {
    const blue = await withBlueInvoice();
    await h.say(`红冲 ${blue}`);
    const preview = await h.card('红冲预览');
    for (const fragment of [blue, '杭州测试科技有限公司', '¥1,590.00', '已红冲', '¥0.00', '开票有误', '整张红冲']) expect(preview.text).toContain(fragment);
    expect(preview.buttons).toEqual(['确认红冲', '取消']);

    await Promise.all([h.click(preview, '确认红冲'), h.click(preview, '确认红冲')]);
    await h.answered('已确认，正在提交红冲');
    const delivered = await h.text('红字发票已开具');
    expect(delivered).toMatch(/红字发票号码：\d{20}/u);
    expect(delivered).toMatch(/开票日期：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/u);
    expect(delivered).toContain(`对应蓝字发票：${blue}`);
    expect(delivered).toContain('红冲金额：¥-1,590.00');
    expect(delivered).toMatch(/下载：http/u);
    expect((await cardNow(h, '已红冲')).buttons).toEqual([]);

    const submits = await calls(h, 'red-invoice/submit');
    expect(submits).toHaveLength(1);
    expect(submits[0]!.params.hzmx).toBeUndefined();
    expect((await h.control('invoices')).red).toHaveLength(1);

    // Nothing left: the next request is answered without any submit.
    await h.say(`红冲 ${blue}`);
    expect(await h.text('没有可红冲的金额')).toContain('已红冲 ¥1,590.00');
    expect(await calls(h, 'red-invoice/submit')).toHaveLength(1);
  });

  it('refunds in parts: by amount, by line, and what is left, each sent as hzmx; never more than is left', async () => {
    const blue = await withBlueInvoice();
    const refund = async (text: string, n: number) => {
      const preview = await confirmRefund(text, n);
      await nthText(h, '红字发票已开具', n);
      return preview;
    };

    const first = await refund(`红冲 ${blue} 销货退回 金额=530`, 1);
    expect(first.text).toContain('销货退回');
    await refund(`红冲 ${blue} 销售折让\n项目=2 金额=100`, 2);
    await h.say(`红冲 ${blue} 金额=5000`);
    expect(await h.text('超过可红冲的')).toContain('¥960.00');
    const rest = await refund(`红冲 ${blue} 04`, 3);
    expect(rest.text).toContain('¥960.00');

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
    const blue = await withBlueInvoice();
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
      expect(await h.text(reply)).toContain('未提交税局');
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
    expect(h.cards().filter((card) => card.title.includes('红冲预览'))).toHaveLength(0);
  });

  it('取消 on the preview cancels; nothing reaches the bureau, and a late 确认红冲 changes nothing', async () => {
    const blue = await withBlueInvoice();
    await h.say(`红冲 ${blue}`);
    const preview = await h.card('红冲预览');
    await h.click(preview, '取消');
    await h.answered('已取消');
    await cardNow(h, '已取消');
    const answers = h.answers().length;
    await h.click(preview, '确认红冲');
    await waitUntil(() => h.answers().length > answers || undefined, () => h.answers().join('\n'));
    // Told where the refund stands, not that it is being done.
    expect(h.answers().at(-1)).toContain('这张红冲已取消，不会提交');
    expect(await calls(h, 'red-invoice/submit')).toHaveLength(0);
  });

  it('the bureau refusing a refund (399) is shown as it is', async () => {
    const blue = await withBlueInvoice();
    // The buyer has already entered a confirmation for all of it at the bureau: nothing is left to refund.
    await h.control('confirmations', { blueNumber: blue });
    await confirmRefund(`红冲 ${blue}`);
    expect(await h.text('红冲未完成')).toContain('蓝票没有可红冲的金额');
    expect((await h.control('invoices')).red).toHaveLength(0);
  });

  it('the document sample answer data {} is looked up, not failed', async () => {
    const blue = await withBlueInvoice({ redSubmitEmptyData: true });
    await confirmRefund(`红冲 ${blue}`);
    const delivered = await h.text('红字发票已开具');
    const [red] = (await h.control('invoices')).red;
    expect(delivered).toContain(`红字发票号码：${red.fphm}`);
    expect(await calls(h, 'red-invoice/submit')).toHaveLength(1);
  });

  describe('a confirmation waiting for the buyer', () => {
    it('says so, watches, and posts the red invoice by itself once the buyer agrees', async () => {
      const blue = await withBlueInvoice({ redMode: 'confirmation' });
      await confirmRefund(`红冲 ${blue} 销货退回`);
      expect(await h.text('等待购方确认')).toContain(blue);
      await cardNow(h, '等待购方确认');
      const uuid = (await confirmationUuids(h))[0]!;
      await h.control(`confirmations/${uuid}/buyer`, { action: 'agree' });
      await h.text('红字发票已开具');
      await cardNow(h, '已红冲');
      expect((await h.control('invoices')).red).toHaveLength(1);
    });

    it('reports a refusal by the buyer, and a lapse after 72 hours', async () => {
      const blue = await withBlueInvoice({ redMode: 'confirmation' });
      await confirmRefund(`红冲 ${blue} 金额=100`);
      await h.text('等待购方确认');
      await h.control(`confirmations/${(await confirmationUuids(h))[0]}/buyer`, { action: 'reject' });
      await h.text('购方拒绝了红字确认单');

      await confirmRefund(`红冲 ${blue} 金额=200`, 2);
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

  it('a confirmation waiting for this side: 确认开具 issues it once for two clicks; 撤销 on another cancels it', async () => {
    const blue = await withBlueInvoice({ redMode: 'seller_confirm' });
    await confirmRefund(`红冲 ${blue} 金额=100`);
    await h.text('需要我方确认');
    const ours = await cardNow(h, '待我方确认');
    expect(ours.buttons).toEqual(['确认开具', '撤销']);
    await Promise.all([h.click(ours, '确认开具'), h.click(ours, '确认开具')]);
    await h.answered('已确认，正在开具红字发票');
    await h.text('红字发票已开具');
    expect(await calls(h, 'red-confirmation/confirm')).toHaveLength(1);
    expect((await h.control('invoices')).red).toHaveLength(1);

    await confirmRefund(`红冲 ${blue} 金额=200`, 2);
    await nthText(h, '需要我方确认', 2);
    const second = await waitUntil(
      () => h.cardsNow().filter((card) => card.title.includes('待我方确认') && card.text.includes('¥200.00')).at(-1),
      () => h.texts().join('\n'),
    );
    await Promise.all([h.click(second, '撤销'), h.click(second, '撤销')]);
    await h.text('已撤销');
    await cardNow(h, '已取消', '¥200.00');
    expect((await calls(h, 'red-confirmation/confirm')).map((call) => call.params.czlx)).toEqual(['1', '3']);
    expect((await h.control('invoices')).red).toHaveLength(1);
  });

  describe('never two red invoices for one request', () => {
    it('a submit whose answer was lost is looked up after a restart, not sent again', async () => {
      const blue = await withBlueInvoice({}, { timing: { jobRetry: { initialMs: 60_000, maxMs: 60_000, factor: 1 } } });
      // The bureau issues the red invoice, but its answer never arrives (a 500 in its place).
      await h.control('inject', { path: 'red-invoice/submit', code: 500, afterHandling: true });
      await confirmRefund(`红冲 ${blue}`);
      await vi.waitFor(async () => expect(await calls(h, 'red-invoice/submit')).toHaveLength(1), { timeout: 15_000, interval: 20 });
      await h.restart();
      const delivered = await h.text('红字发票已开具');
      const reds = (await h.control('invoices')).red;
      expect(reds).toHaveLength(1);
      expect(delivered).toContain(reds[0].fphm);
      expect(await calls(h, 'red-invoice/submit')).toHaveLength(1);
    });

    it('a submit that did nothing is sent again once the lookup finds nothing', async () => {
      const blue = await withBlueInvoice();
      await h.control('inject', { path: 'red-invoice/submit', code: 500 });
      await confirmRefund(`红冲 ${blue}`);
      await h.text('红字发票已开具');
      expect((await h.control('invoices')).red).toHaveLength(1);
      // Refused at the gate (609) the client may retry at once; a 500 it leaves to the job, which looks first.
      expect((await calls(h, 'red-invoice/submit')).map((call) => call.code)).toEqual([500, 200]);
      const redCalls = (await calls(h)).map((call) => call.path).filter((path) => path.startsWith('red-') && !path.endsWith('/page'));
      expect(redCalls).toEqual(['red-invoice/query', 'red-invoice/submit', 'red-invoice/query', 'red-confirmation/query', 'red-invoice/submit']);
    });

    it('a replayed 红冲 message posts one preview', async () => {
      const blue = await withBlueInvoice();
      await h.say(`红冲 ${blue}`, { deliveryId: 'ev-refund-1' });
      await h.card('红冲预览');
      await h.say(`红冲 ${blue}`, { deliveryId: 'ev-refund-1' });
      await h.restart();
      await h.say(`红冲 ${blue}`, { deliveryId: 'ev-refund-1' });
      await h.say('帮助', { deliveryId: 'ev-after' });
      await h.text('我能做这些');
      expect(h.cards().filter((card) => card.title.includes('红冲预览'))).toHaveLength(1);
    });
  });
});
