/** 查询 over the fake Feishu and the simulator: one card of blue and red invoices, totals, paging, bad input. */
import { afterEach, describe, expect, it } from 'vitest';
import type { IssuedInvoice } from '../../src/api/provider.js';
import { formatChinaDate } from '../../src/china-time.js';
import { cardButtons, findButtonValue } from '../fakes/feishu/card-reading.js';
import { cardActionEvent, deliver, signedEvent } from '../fakes/feishu/events.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { directSeller, type DirectSeller } from './direct-seller.js';
import { CHAT, CLERK, ENCRYPT_KEY, cardText, cardTitle, startHarness, VERIFICATION_TOKEN, type Harness } from './harness.js';
import { repliesTo } from './typed-replies.js';

const DAY_MS = 86_400_000;

interface Call {
  path: string;
  params: Record<string, string>;
}

/** The simulator's clock runs this far from the wall clock: invoices can be issued in the past. */
let bureauShiftMs = 0;
let h: Harness;
let seller: DirectSeller | undefined;

async function start(): Promise<Harness> {
  bureauShiftMs = 0;
  h = await startHarness({ sandbox: { smsRequired: false, now: () => Date.now() + bureauShiftMs } });
  return h;
}

afterEach(async () => {
  await seller?.close();
  seller = undefined;
  await h.close();
});

const queryCalls = async (): Promise<Call[]> =>
  ((await h.control('calls')) as Call[]).filter((call) => call.path.endsWith('-invoice/query'));

/** The card's line that shows `invoice` (a red row also names the blue invoice it reverses, after it). */
function rowOf(text: string, invoice: IssuedInvoice): string {
  const row = text.split('\n').find((line) => line.includes(`** ${invoice.number}`));
  if (row === undefined) throw new Error(`no row for ${invoice.number} in:\n${text}`);
  return row;
}

/** A click as Feishu would deliver it, from `chatId`, carrying any value. */
function forgedClick(options: { chatId: string; messageId: string; value: Record<string, unknown> }) {
  const event = cardActionEvent({ ...options, userId: CLERK, verificationToken: VERIFICATION_TOKEN, appId: h.feishu.appId });
  return deliver(`${h.bot.url}/feishu/webhook`, signedEvent(event, { encryptKey: ENCRYPT_KEY }));
}

/** The card a click answered with, as a message whose buttons can be clicked in turn. */
function answeredCard(message: FakeFeishuMessage, answer: { json: any }): FakeFeishuMessage {
  expect(answer.json.card?.data, JSON.stringify(answer.json)).toBeDefined();
  return { ...message, content: answer.json.card.data };
}

describe('Feishu: 查询 lists the blue and red invoices of a range', () => {
  it('shows this month by default, newest first, red ones negative, with the totals', async () => {
    await start();
    seller = await directSeller(h);
    bureauShiftMs = -40 * DAY_MS;
    const lastMonth = await seller.issueBlue('上月客户有限公司', 10_600);
    // Seconds apart, so newest first is visible in the issue times too.
    bureauShiftMs = -3_000;
    const first = await seller.issueBlue('甲公司', 21_200);
    bureauShiftMs = -2_000;
    const second = await seller.issueBlue('<at id=all></at> **乙** 公司', 31_800);
    bureauShiftMs = -1_000;
    const red = await seller.issueRed(first);
    bureauShiftMs = 0;

    await h.say('查询');
    const today = formatChinaDate(Date.now());
    const monthStart = `${today.slice(0, 8)}01`;
    const card = await h.card('发票查询');
    expect(cardTitle(card.originalContent)).toBe(`发票查询 · ${monthStart} 至 ${today}`);
    const text = cardText(card.originalContent);
    expect(text).toContain('2 张，合计 ¥530.00');
    expect(text).toContain('1 张，合计 -¥212.00');
    expect(text).toContain('¥318.00');
    expect(text).not.toContain(lastMonth.number);
    expect(rowOf(text, red)).toMatch(/^1\. \*\*红字\*\* /u);
    expect(rowOf(text, red)).toContain(`-¥212.00（冲 ${first.number}）`);
    expect(rowOf(text, second)).toMatch(/^2\. \*\*蓝字\*\* /u);
    expect(rowOf(text, first)).toMatch(/^3\. \*\*蓝字\*\* .* · 甲公司 · ¥212\.00$/u);
    // What the buyer's name says is shown, not obeyed.
    expect(rowOf(text, second)).toContain('<at id=all></at> **乙** 公司 · ¥318.00');
    expect(card.mentionsEveryone).toBe(false);
    expect(cardButtons(card.originalContent)).toEqual([]);

    const calls = await queryCalls();
    expect(calls.map((call) => [call.path, call.params.kprqq, call.params.kprqz]).sort()).toEqual([
      ['blue-invoice/query', monthStart, today],
      ['red-invoice/query', monthStart, today],
    ]);

    const from = formatChinaDate(Date.now() - 40 * DAY_MS);
    await h.say(`查询 ${from} ${today}`);
    const wider = cardText((await h.card(`发票查询 · ${from}`)).originalContent);
    expect(rowOf(wider, lastMonth)).toContain('上月客户有限公司 · ¥106.00');
    expect(wider).toContain('3 张，合计 ¥636.00');
    expect(wider).toContain('¥424.00');
  });

  it('pages past 20 invoices, and a page click reads nothing again', async () => {
    await start();
    seller = await directSeller(h);
    const blue: IssuedInvoice[] = [];
    for (let i = 1; i <= 55; i += 1) blue.push(await seller.issueBlue(`客户${i}有限公司`, 106 * i));
    const red = await seller.issueRed(blue[0]!);

    await h.say('查询');
    const first = await h.card('发票查询');
    const firstText = cardText(first.originalContent);
    expect(firstText).toContain('第 1/3 页 · 共 56 张');
    expect(firstText).toContain('55 张，合计 ¥1,632.40');
    expect(firstText).toContain('1 张，合计 -¥1.06');
    expect(rowOf(firstText, red)).toMatch(/^1\. /u);
    expect(rowOf(firstText, blue[36]!)).toMatch(/^20\. /u);
    expect(firstText).not.toContain(blue[35]!.number);
    expect(cardButtons(first.originalContent).map((button) => button.text)).toEqual(['下一页']);
    // 55 blue invoices are two provider pages of 50.
    const read = await queryCalls();
    expect(read.filter((call) => call.path === 'blue-invoice/query').map((call) => call.params.pageNumber)).toEqual(['1', '2']);

    const second = answeredCard(first, await h.click(first, '下一页'));
    const secondText = cardText(second.content);
    expect(secondText).toContain('第 2/3 页');
    expect(rowOf(secondText, blue[35]!)).toMatch(/^21\. /u);
    expect(rowOf(secondText, blue[16]!)).toMatch(/^40\. /u);
    expect(cardButtons(second.content).map((button) => button.text)).toEqual(['上一页', '下一页']);

    const third = answeredCard(first, await h.click(second, '下一页'));
    const thirdText = cardText(third.content);
    expect(rowOf(thirdText, blue[0]!)).toMatch(/^56\. /u);
    expect(cardButtons(third.content).map((button) => button.text)).toEqual(['上一页']);

    const back = answeredCard(first, await h.click(third, '上一页'));
    expect(cardText(back.content)).toContain('第 2/3 页');
    expect(await queryCalls()).toHaveLength(read.length);
  });

  it('refuses a paging click from another chat, and warns on a forged or stale page', async () => {
    await start();
    seller = await directSeller(h);
    for (let i = 1; i <= 21; i += 1) await seller.issueBlue(`客户${i}有限公司`, 106);
    await h.say('查询');
    const card = await h.card('发票查询');
    const next = findButtonValue(card.originalContent, '下一页') as Record<string, string>;
    expect(next.chat).toBe(CHAT);

    const elsewhere = await forgedClick({ chatId: 'oc_other_group', messageId: 'om_other_card', value: next });
    expect(elsewhere.json).toEqual({ toast: { type: 'error', content: '这个按钮不属于这个群，已忽略' } });

    const today = formatChinaDate(Date.now());
    for (const forged of [
      { ...next, page: 'abc' },
      { ...next, page: '0' },
      { ...next, page: '3' },
      { ...next, page: '__proto__' },
      { ...next, page: '1e1' },
      { ...next, from: 'x' },
      { ...next, from: today, to: '2020-01-01' },
      { ...next, from: '2000-01-01' },
      { op: 'query_page', chat: CHAT },
    ]) {
      const answer = await forgedClick({ chatId: CHAT, messageId: card.messageId, value: forged });
      expect(answer.status, JSON.stringify(forged)).toBe(200);
      expect(answer.json, JSON.stringify(forged)).toEqual({ toast: { type: 'warning', content: '这个翻页按钮已经失效，请重新发送「查询」' } });
    }
  });

  it('answers bad dates with the field and the rule, and calls no provider', async () => {
    await start();
    const replies = await repliesTo(h, [
      ['查询 2025/13/01', '起始日期 2025-13-01 不是日历上的日期'],
      ['查询 10-01 10-31', '结束日期格式应为 YYYY-MM-DD，例如 2025-10-01（你写的是 "10-31"）'],
      ['查询 2025-10-31 2025-10-01', '起始日期 2025-10-31 晚于结束日期 2025-10-01'],
      ['查询 2023-01-01 2025-10-31', '日期范围最长 366 天：2023-01-01 至 2025-10-31 共 1035 天，请分段查询'],
      ['查询 2025-10-01 2025-10-02 2025-10-03', '看不懂 "2025-10-03"'],
    ]);
    for (const reply of replies) expect(reply.startsWith('查询条件有误，未查询税局：'), reply).toBe(true);
    expect(String((await h.text('起始日期格式应为 YYYY-MM-DD')).content.text)).toContain('"10-01"');
    expect(await h.control('calls')).toEqual([]);
  });

  it('says what the provider said when the bureau login is gone', async () => {
    await start();
    await h.say('查询');
    await h.text('查询发票失败：税局登录已失效，请发送「登录」重新登录');
  });

  it('is listed by 帮助 with an example, as is 下载', async () => {
    await start();
    await h.say('帮助');
    const help = String((await h.text('我能做这些')).content.text);
    expect(help).toContain('• 查询（query）：');
    expect(help).toContain('例：查询 2025-10-01 2025-10-31');
    expect(help).toContain('• 下载（download）：');
    expect(help).toContain('例：下载 25332000000456135731');
  });
});
