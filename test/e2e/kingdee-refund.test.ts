/**
 * 红冲 and 下载 with TAX_PROVIDER=kingdee: red/apply enters the confirmation, the red invoice/create is keyed by a
 * serialNo from its uuid, and a lost red/apply answer is found among the confirmations, never applied twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cardButtons, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import type { KingdeeSandboxOptions } from '../../src/api/sandbox/kingdee/index.js';
import { startHarness, type Harness } from './harness.js';

const ISSUE = ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%', '项目=咨询费 金额=530 税率=6%'].join('\n');

interface Call {
  path: string;
  errcode: string;
  data: Record<string, any>;
}

const calls = (h: Harness, path: string): Promise<Call[]> => h.control(`calls?path=${encodeURIComponent(path)}`);

async function withBlueInvoice(kingdee: Partial<KingdeeSandboxOptions> = {}): Promise<{ h: Harness; blue: string }> {
  const h = await startHarness({ kingdee: { faceAuthNeeded: false, ...kingdee }, timing: { jobRetry: { initialMs: 50, maxMs: 100, factor: 1 } } });
  await h.say(ISSUE);
  await h.click(await h.card('开票预览'), '确认开具');
  const blue = /发票号码：(\d{20})/.exec(String((await h.text('发票已开具')).content.text))?.[1];
  if (!blue) throw new Error('no blue number');
  return { h, blue };
}

function current(h: Harness, card: FakeFeishuMessage): FakeFeishuMessage {
  return { ...card, content: h.feishu.message(card.messageId)!.content };
}

async function cardBecomes(h: Harness, card: FakeFeishuMessage, title: string): Promise<void> {
  await h.feishu.waitFor(() => cardTitle(h.feishu.message(card.messageId)?.content ?? {}).includes(title) || undefined);
}

describe('Feishu on Kingdee: 红冲 and 下载', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('refunds a whole invoice: one red/apply, one red create (type 1) for two clicks, the red number and link', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    await h.say(`红冲 ${blue}`);
    const preview = await h.card('红冲预览');
    const [a, b] = await Promise.all([h.click(preview, '确认红冲'), h.click(preview, '确认红冲')]);
    expect([a.json.toast.type, b.json.toast.type].sort()).toEqual(['info', 'success']);
    const text = String((await h.text('红字发票已开具')).content.text);
    const red = /红字发票号码：(\d{20})/.exec(text)?.[1];
    expect(text).toContain(`对应蓝字发票：${blue}`);
    expect(text).toContain('红冲金额：¥-1,590.00');
    expect(text).toMatch(new RegExp(`下载：http://127\\.0\\.0\\.1:\\d+/__sandbox/download/${red}\\.pdf`));
    await cardBecomes(h, preview, '已红冲');

    expect(await calls(h, 'red/apply')).toHaveLength(1);
    const redCreates = (await calls(h, 'bill/invoice/create')).filter((call) => call.data.type === 1);
    expect(redCreates).toHaveLength(1);
    expect(redCreates[0]!.data).toMatchObject({ originalEtaxInvoiceNo: blue, invoiceAmount: -1500, totalTaxAmount: -90, totalAmount: -1590 });
    const { red: reds } = await h.control('invoices');
    expect(reds.map((invoice: { invoiceNo: string }) => invoice.invoiceNo)).toEqual([red]);

    await h.say(`红冲 ${blue}`);
    await h.text('没有可红冲的金额');
    await h.say(`下载 ${red}`);
    expect(String((await h.text(`/__sandbox/download/${red}.pdf`)).content.text)).toContain(red);
  });

  it('a part refund names its line; the bureau splits it at the line’s rate', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    await h.say(`红冲 ${blue} 销货退回 金额=530`);
    await h.click(await h.card('红冲预览'), '确认红冲');
    await h.text('红字发票已开具');
    const [apply] = await calls(h, 'red/apply');
    expect(apply!.data).toMatchObject({ originalEtaxInvoiceNo: blue, redReason: '02', items: [{ blueInvoiceItemIndex: 1, totalAmount: -530 }] });
    const [red] = (await h.control('invoices')).red;
    expect(red.grossFen).toBe(-53_000);
  });

  it('waits for the buyer, and issues once the buyer agrees', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice({ redMode: 'confirmation' }));
    await h.say(`红冲 ${blue}`);
    await h.click(await h.card('红冲预览'), '确认红冲');
    await h.text('等待购方确认');
    const [confirmation] = (await h.control('invoices')).confirmations;
    await h.control(`confirmations/${confirmation.uuid}/buyer`, { action: 'agree' });
    await h.text('红字发票已开具');
    expect((await h.control('invoices')).red).toHaveLength(1);
  });

  it('a red/apply whose answer was lost is found among the confirmations, not applied again', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    // The bureau enters the confirmation, but the answer comes back as 9999.
    await h.control('inject', { path: 'redApply', errcode: '9999', afterHandling: true });
    await h.say(`红冲 ${blue}`);
    const preview = await h.card('红冲预览');
    await h.click(preview, '确认红冲');
    await cardBecomes(h, preview, '待我方确认');
    expect(cardButtons(h.feishu.message(preview.messageId)!.content).map((button) => button.text)).toEqual(['确认开具', '撤销']);
    await h.click(current(h, preview), '确认开具');
    await h.text('红字发票已开具');
    expect(await calls(h, 'red/apply')).toHaveLength(1);
    expect((await h.control('invoices')).red).toHaveLength(1);
  });

  it('a restart while the red invoice is being issued finishes it once', async () => {
    let blue: string;
    ({ h, blue } = await withBlueInvoice());
    h.kingdee!.state.options.issueDelayMs = 60 * 60_000;
    await h.say(`红冲 ${blue}`);
    const preview = await h.card('红冲预览');
    await h.click(preview, '确认红冲');
    await cardBecomes(h, preview, '处理中');
    // The red create goes out on the first poll after red/apply: restart only once Kingdee has it.
    await waitUntil(async () => (await calls(h, 'bill/invoice/create')).some((call) => call.data.type === 1));
    await h.restart();
    await h.control('advance', { ms: 61 * 60_000 });
    await h.text('红字发票已开具');
    expect((await calls(h, 'bill/invoice/create')).filter((call) => call.data.type === 1)).toHaveLength(1);
    expect((await h.control('invoices')).red).toHaveLength(1);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
