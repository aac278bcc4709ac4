/** 下载 over the fake Feishu and the simulator: from the bot's own job, or found at the provider; bad input. */
import { afterEach, describe, expect, it } from 'vitest';
import { formatChinaDate } from '../../src/china-time.js';
import { directSeller, type DirectSeller } from './direct-seller.js';
import { startHarness, type Harness } from './harness.js';
import { repliesTo } from './typed-replies.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';

let h: Harness;
let seller: DirectSeller | undefined;

afterEach(async () => {
  await seller?.close();
  seller = undefined;
  await h.close();
});

/** Paths of the simulator calls made since `before` of them had been made, but for the bot fetching its token. */
async function callsSince(before: number): Promise<string[]> {
  const calls: Array<{ path: string }> = await h.control('calls');
  return calls
    .slice(before)
    .map((call) => call.path)
    .filter((path) => path !== 'login/token');
}

async function callCount(): Promise<number> {
  return ((await h.control('calls')) as unknown[]).length;
}

/** 开票 → 确认开具 → face scan → the delivered message; returns the invoice number and that message. */
async function issueThroughChat(): Promise<{ number: string; delivered: string }> {
  await h.say('登录');
  await h.text('税局登录成功');
  await h.say(ISSUE);
  await h.click(await h.card('开票预览'), '确认开具');
  await h.card('人脸认证');
  await h.control('scan', {});
  const delivered = String((await h.text('发票已开具')).content.text);
  const number = delivered.match(/发票号码：(\d{20})/u)?.[1];
  if (number === undefined) throw new Error(`no number in ${delivered}`);
  return { number, delivered };
}

function linkOf(number: string): RegExp {
  return new RegExp(`下载：http://127\\.0\\.0\\.1:\\d+/__sandbox/download/${number}\\.pdf$`, 'u');
}

describe('Feishu: 下载 answers with the download link', () => {
  it('of an invoice the bot issued, from its own record, without calling the provider', async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    const { number, delivered } = await issueThroughChat();
    expect(delivered).toMatch(linkOf(number));
    const before = await callCount();

    await h.say(`下载 ${number}`);
    const reply = String((await h.text(`发票 ${number}（蓝字`)).content.text);
    expect(reply).toMatch(linkOf(number));
    expect(reply).toMatch(/开票日期 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/u);
    expect(await callsSince(before)).toEqual([]);
  });

  it('of an invoice the bot issued without a link: only the download call, no query', async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    await h.control('inject', { code: 399, count: 1, path: 'downloadPage' });
    const { number, delivered } = await issueThroughChat();
    expect(delivered).toContain(`下载链接暂时获取失败，可稍后发送「下载 ${number}」`);
    const before = await callCount();

    await h.say(`下载 ${number}`);
    expect(String((await h.text(`发票 ${number}（蓝字`)).content.text)).toMatch(linkOf(number));
    expect(await callsSince(before)).toEqual(['red-confirmation/page']);
  });

  it('of blue and red invoices issued elsewhere, found by querying the year the number names', async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    seller = await directSeller(h);
    const blue = await seller.issueBlue('别处开的客户有限公司', 10_600);
    const red = await seller.issueRed(blue);
    const today = formatChinaDate(Date.now());
    const before = await callCount();

    await h.say(`下载 ${blue.number}`);
    expect(String((await h.text(`发票 ${blue.number}（蓝字，开票日期 ${blue.issuedAt}）`)).content.text)).toMatch(linkOf(blue.number));
    expect(await callsSince(before)).toEqual(['blue-invoice/query', 'red-confirmation/page']);
    const queries: Array<{ params: Record<string, string> }> = await h.control('calls?path=blue-invoice/query');
    expect(queries[0]!.params).toMatchObject({ fphm: blue.number, kprqq: `20${blue.number.slice(0, 2)}-01-01`, kprqz: today });

    const beforeRed = await callCount();
    await h.say(`下载 ${red.number}`);
    expect(String((await h.text(`发票 ${red.number}（红字`)).content.text)).toMatch(linkOf(red.number));
    expect(await callsSince(beforeRed)).toEqual(['blue-invoice/query', 'red-invoice/query', 'red-confirmation/page']);
  });

  it('says so for a number the bureau does not know', async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
    seller = await directSeller(h);
    await seller.issueBlue('客户有限公司', 10_600);
    const today = formatChinaDate(Date.now());
    const unknown = `${today.slice(2, 4)}332000009999999999`;
    const before = await callCount();

    await h.say(`下载 ${unknown}`);
    const reply = String((await h.text(`找不到发票 ${unknown}`)).content.text);
    expect(reply).toContain(`已查 ${today.slice(0, 4)}-01-01 至 ${today} 开具的蓝字和红字发票`);
    expect(await callsSince(before)).toEqual(['blue-invoice/query', 'red-invoice/query']);
  });

  it('answers a malformed number, or one from a year still to come, and calls no provider', async () => {
    h = await startHarness();
    await repliesTo(h, [
      ['下载', '请写发票号码，例如 下载 25332000000456135731'],
      ['下载 123', '发票号码应为 20 位数字，"123" 是 3 位'],
      ['download 2533200000045613573X', '发票号码应为 20 位数字（你写的是 "2533200000045613573X"）'],
      ['下载 25332000000456135731 25332000000456135732', '下载一次写一个发票号码'],
      ['下载 99332000000456135731', '找不到发票 99332000000456135731。'],
    ]);
    expect(await h.control('calls')).toEqual([]);
  });
});
