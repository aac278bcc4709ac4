/** 查询 and 下载 on every platform: one card of blue and red invoices with totals and pages; an invoice's download link. */
import { afterEach, describe, expect, it } from 'vitest';
import type { IssuedInvoice } from '../../src/api/provider.js';
import { formatChinaDate } from '../../src/china-time.js';
import { cardNow, CHAT_PLATFORMS, startChatHarness, type ChatHarness, type ChatPlatform } from './chat-harness.js';
import { directSeller, type DirectSeller } from './direct-seller.js';
import { repliesTo } from './typed-replies.js';

const DAY_MS = 86_400_000;
const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';

interface Call {
  path: string;
  params: Record<string, string>;
}

/** The card's line that shows `invoice` (a red row also names the blue invoice it reverses, after it). */
function rowOf(text: string, invoice: IssuedInvoice): string {
  const row = text.split('\n').find((line) => line.includes(` ${invoice.number} `));
  if (row === undefined) throw new Error(`no row for ${invoice.number} in:\n${text}`);
  return row;
}

function linkOf(number: string): RegExp {
  return new RegExp(`下载：http://127\\.0\\.0\\.1:\\d+/__sandbox/download/${number}\\.pdf$`, 'u');
}

describe.each(CHAT_PLATFORMS)('%s: 查询 and 下载', (platform) => {
  let h: ChatHarness;
  let seller: DirectSeller | undefined;
  /** The simulator's clock runs this far from the wall clock: invoices can be issued in the past. */
  let bureauShiftMs = 0;

  afterEach(async () => {
    await seller?.close();
    seller = undefined;
    await h.close();
  });

  async function start(): Promise<ChatHarness> {
    bureauShiftMs = 0;
    h = await startChatHarness(platform as ChatPlatform, { sandbox: { smsRequired: false, now: () => Date.now() + bureauShiftMs } });
    return h;
  }

  const calls = async (): Promise<Call[]> => h.control('calls');
  const queryCalls = async () => (await calls()).filter((call) => call.path.endsWith('-invoice/query'));
  /** Paths of the simulator calls made since `before` of them, but for the bot fetching its token. */
  const callsSince = async (before: number) => (await calls()).slice(before).map((call) => call.path).filter((path) => path !== 'login/token');

  it('查询 shows this month by default, newest first, red ones negative, with the totals; a wider range too', async () => {
    await start();
    seller = await directSeller(h);
    bureauShiftMs = -40 * DAY_MS;
    const lastMonth = await seller.issueBlue('上月客户有限公司', 10_600);
    // Seconds apart, so newest first is visible in the issue times too.
    bureauShiftMs = -3_000;
    const first = await seller.issueBlue('甲公司', 21_200);
    bureauShiftMs = -2_000;
    const second = await seller.issueBlue('<at id=all></at> **乙** [公司](http://evil.example)', 31_800);
    bureauShiftMs = -1_000;
    const red = await seller.issueRed(first);
    bureauShiftMs = 0;

    await h.say('查询');
    const today = formatChinaDate(Date.now());
    const monthStart = `${today.slice(0, 8)}01`;
    const card = await h.card('发票查询');
    expect(card.title).toBe(`发票查询 · ${monthStart} 至 ${today}`);
    expect(card.text).toContain('2 张，合计 ¥530.00');
    expect(card.text).toContain('1 张，合计 -¥212.00');
    expect(card.text).toContain('¥318.00');
    expect(card.text).not.toContain(lastMonth.number);
    expect(rowOf(card.text, red)).toMatch(/^1\. 红字 /u);
    expect(rowOf(card.text, red)).toContain(`-¥212.00（冲 ${first.number}）`);
    expect(rowOf(card.text, second)).toMatch(/^2\. 蓝字 /u);
    expect(rowOf(card.text, first)).toMatch(/^3\. 蓝字 .* · 甲公司 · ¥212\.00$/u);
    // What the buyer's name says is shown, not obeyed.
    expect(rowOf(card.text, second)).toContain('<at id=all></at> **乙** [公司](http://evil.example) · ¥318.00');
    expect(card.buttons).toEqual([]);

    expect((await queryCalls()).map((call) => [call.path, call.params.kprqq, call.params.kprqz]).sort()).toEqual([
      ['blue-invoice/query', monthStart, today],
      ['red-invoice/query', monthStart, today],
    ]);

    // From the day it was issued: a date counted from now could pass a midnight after it was issued.
    const from = lastMonth.issuedAt.slice(0, 10);
    await h.say(`查询 ${from} ${today}`);
    const wider = (await h.card(`发票查询 · ${from}`)).text;
    expect(rowOf(wider, lastMonth)).toContain('上月客户有限公司 · ¥106.00');
    expect(wider).toContain('3 张，合计 ¥636.00');
    expect(wider).toContain('¥424.00');
  });

  it('查询 pages past 20 invoices, and a page click reads nothing again', async () => {
    await start();
    seller = await directSeller(h);
    const blue: IssuedInvoice[] = [];
    for (let i = 1; i <= 55; i += 1) blue.push(await seller.issueBlue(`客户${i}有限公司`, 106 * i));
    const red = await seller.issueRed(blue[0]!);

    await h.say('查询');
    const first = await h.card('发票查询');
    expect(first.text).toContain('第 1/3 页 · 共 56 张');
    expect(first.text).toContain('55 张，合计 ¥1,632.40');
    expect(first.text).toContain('1 张，合计 -¥1.06');
    expect(rowOf(first.text, red)).toMatch(/^1\. /u);
    expect(rowOf(first.text, blue[36]!)).toMatch(/^20\. /u);
    expect(first.text).not.toContain(blue[35]!.number);
    expect(first.buttons).toEqual(['下一页']);
    // 55 blue invoices are two provider pages of 50.
    const read = await queryCalls();
    expect(read.filter((call) => call.path === 'blue-invoice/query').map((call) => call.params.pageNumber)).toEqual(['1', '2']);

    await h.click(first, '下一页');
    const second = await cardNow(h, '发票查询', '第 2/3 页');
    expect(rowOf(second.text, blue[35]!)).toMatch(/^21\. /u);
    expect(rowOf(second.text, blue[16]!)).toMatch(/^40\. /u);
    expect(second.buttons).toEqual(['上一页', '下一页']);

    await h.click(second, '下一页');
    const third = await cardNow(h, '发票查询', '第 3/3 页');
    expect(rowOf(third.text, blue[0]!)).toMatch(/^56\. /u);
    expect(third.buttons).toEqual(['上一页']);

    await h.click(third, '上一页');
    await cardNow(h, '发票查询', '第 2/3 页');
    expect(await queryCalls()).toHaveLength(read.length);
  });

  it('下载 answers from the bot’s own record without calling the provider; an invoice without a link gets only the download call', async () => {
    h = await startChatHarness(platform as ChatPlatform, { sandbox: { smsRequired: false, faceAutoPassMs: 0 } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    const delivered = await h.text('发票已开具');
    const number = /发票号码：(\d{20})/u.exec(delivered)![1]!;
    expect(delivered).toMatch(linkOf(number));
    const before = (await calls()).length;
    await h.say(`下载 ${number}`);
    const reply = await h.text(`发票 ${number}（蓝字`);
    expect(reply).toMatch(linkOf(number));
    expect(reply).toMatch(/开票日期 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/u);
    expect(await callsSince(before)).toEqual([]);

    // The bureau's download page fails once: the invoice is delivered without a link, and 下载 fetches only that.
    await h.control('inject', { code: 399, count: 1, path: 'downloadPage' });
    await h.say(ISSUE.replace('技术服务费', '咨询费'));
    await h.click(await cardNow(h, '开票预览', '咨询费'), '确认开具');
    const unlinked = await h.text('下载链接暂时获取失败');
    const second = /发票号码：(\d{20})/u.exec(unlinked)![1]!;
    expect(unlinked).toContain(`下载链接暂时获取失败，可稍后发送「下载 ${second}」`);
    const beforeSecond = (await calls()).length;
    await h.say(`下载 ${second}`);
    expect(await h.text(`发票 ${second}（蓝字`)).toMatch(linkOf(second));
    expect(await callsSince(beforeSecond)).toEqual(['red-confirmation/page']);
  });

  it('下载 finds blue and red invoices issued elsewhere by the year the number names, and says so for one the bureau does not know', async () => {
    await start();
    seller = await directSeller(h);
    const blue = await seller.issueBlue('别处开的客户有限公司', 10_600);
    const red = await seller.issueRed(blue);
    const dayBefore = formatChinaDate(Date.now());
    const before = (await calls()).length;

    await h.say(`下载 ${blue.number}`);
    expect(await h.text(`发票 ${blue.number}（蓝字，开票日期 ${blue.issuedAt}）`)).toMatch(linkOf(blue.number));
    expect(await callsSince(before)).toEqual(['blue-invoice/query', 'red-confirmation/page']);
    const queries: Array<{ params: Record<string, string> }> = await h.control('calls?path=blue-invoice/query');
    // The bot's today, one of the days this test ran on (a midnight may pass while it runs).
    const today = queries[0]!.params.kprqz!;
    expect([dayBefore, formatChinaDate(Date.now())]).toContain(today);
    expect(queries[0]!.params).toMatchObject({ fphm: blue.number, kprqq: `20${blue.number.slice(0, 2)}-01-01` });

    const beforeRed = (await calls()).length;
    await h.say(`下载 ${red.number}`);
    expect(await h.text(`发票 ${red.number}（红字`)).toMatch(linkOf(red.number));
    expect(await callsSince(beforeRed)).toEqual(['blue-invoice/query', 'red-invoice/query', 'red-confirmation/page']);

    const unknown = `${today.slice(2, 4)}332000009999999999`;
    const beforeUnknown = (await calls()).length;
    await h.say(`下载 ${unknown}`);
    expect(await h.text(`找不到发票 ${unknown}`)).toContain(`已查 ${today.slice(0, 4)}-01-01 至 ${today} 开具的蓝字和红字发票`);
    expect(await callsSince(beforeUnknown)).toEqual(['blue-invoice/query', 'red-invoice/query']);
  });

  it('answers bad dates and numbers with the field and the rule and calls no provider; 帮助 lists both; no login is said so', async () => {
    h = await startChatHarness(platform as ChatPlatform);
    const replies = await repliesTo(h, [
      ['查询 2025/13/01', '起始日期 2025-13-01 不是日历上的日期'],
      ['查询 10-01 10-31', '结束日期格式应为 YYYY-MM-DD，例如 2025-10-01（你写的是 "10-31"）'],
      ['查询 2025-10-31 2025-10-01', '起始日期 2025-10-31 晚于结束日期 2025-10-01'],
      ['查询 2023-01-01 2025-10-31', '日期范围最长 366 天：2023-01-01 至 2025-10-31 共 1035 天，请分段查询'],
      ['查询 2025-10-01 2025-10-02 2025-10-03', '看不懂 "2025-10-03"'],
    ]);
    for (const reply of replies) expect(reply.startsWith('查询条件有误，未查询税局：'), reply).toBe(true);
    expect(await h.text('起始日期格式应为 YYYY-MM-DD')).toContain('"10-01"');
    await repliesTo(h, [
      ['下载', '请写发票号码，例如 下载 25332000000456135731'],
      ['下载 123', '发票号码应为 20 位数字，"123" 是 3 位'],
      ['download 2533200000045613573X', '发票号码应为 20 位数字（你写的是 "2533200000045613573X"）'],
      ['下载 25332000000456135731 25332000000456135732', '下载一次写一个发票号码'],
      ['下载 99332000000456135731', '找不到发票 99332000000456135731。'],
    ]);
    expect(await h.control('calls')).toEqual([]);

    await h.say('帮助');
    const help = await h.text('我能做这些');
    expect(help).toContain('• 查询（query）：');
    expect(help).toContain('例：查询 2025-10-01 2025-10-31');
    expect(help).toContain('• 下载（download）：');
    expect(help).toContain('例：下载 25332000000456135731');

    // Asked right, without a bureau login: what the provider said.
    await h.say('查询');
    await h.text('查询发票失败：税局登录已失效，请发送「登录」重新登录');
  });
});
