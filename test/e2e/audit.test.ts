import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../src/audit/entry.js';
import { CHINA_OFFSET_MS, formatChinaDate } from '../../src/china-time.js';
import { issueThroughChat, startReadyToIssue } from './blue-invoice.js';
import { CHAT_PLATFORMS, platformNameOf, type ChatHarness, type ChatPlatform } from './chat-harness.js';
import { CLERK } from './harness.js';

/** Two lines: 1,060.00 and 530.00, both 6 %. */
const ISSUE = ['开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%', '项目=咨询费 金额=530 税率=6%'].join('\n');
const ADMIN = 'ou_auditor';

/** What the harness configures and no audit line may ever hold: the provider's secrets and the platform's. */
function secrets(h: ChatHarness): string[] {
  return ['bureau-password', 'jd-e2e-secret', ...Object.values(h.platformSecrets())];
}

/** The bot's clock at noon (China time) of today, running on from there: every line of a test lands on one day. */
function noonClock(): { now: () => number; day: string } {
  const day = formatChinaDate(Date.now());
  const offset = Date.parse(`${day}T12:00:00Z`) - CHINA_OFFSET_MS - Date.now();
  return { now: () => Date.now() + offset, day };
}

async function auditFiles(h: ChatHarness): Promise<string[]> {
  const dir = path.join(h.dataDir, 'audit');
  return (await readdir(dir)).sort().map((name) => path.join(dir, name));
}

async function auditBytes(h: ChatHarness): Promise<string> {
  const texts = await Promise.all((await auditFiles(h)).map((file) => readFile(file, 'utf8')));
  return texts.join('');
}

async function auditEntries(h: ChatHarness): Promise<AuditEntry[]> {
  return (await auditBytes(h))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditEntry);
}

/**
 * The log once the job of `type` has written its last line: the chat hears of the invoice before the job records
 * that it told the chat, so reading right after the message would race that line.
 */
async function auditOnceDelivered(h: ChatHarness, type: 'blue' | 'red'): Promise<AuditEntry[]> {
  return vi.waitFor(
    async () => {
      const entries = await auditEntries(h);
      const job = entries.find((entry) => entry.kind === 'request' && entry.type === type)?.job;
      if (!entries.some((entry) => entry.job === job && entry.to === 'delivered')) throw new Error(`no delivered ${type} job yet`);
      return entries;
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** The lines of one job in order, as `kind from→to`, `kind call result` — the story the file tells. */
function story(entries: AuditEntry[], job: string): string[] {
  return entries
    .filter((entry) => entry.job === job)
    .map((entry) => [entry.kind, entry.call, entry.from && `${entry.from}→`, entry.to, entry.result].filter(Boolean).join(' '));
}

describe.each(CHAT_PLATFORMS)('%s: the audit log', (platform) => {
  let h: ChatHarness;
  afterEach(() => h?.close());

  const startLoggedIn = (clock: { now: () => number }) =>
    // The simulator on the same clock: its invoices are dated by it, and a midnight passing between the two would
    // date the invoice a day after the bot's today.
    startReadyToIssue(platform as ChatPlatform, { env: { BOT_ADMINS: ADMIN }, now: clock.now, sandbox: { now: clock.now } });

  it('records an invoice from request to outcome once, with amounts, who and the number, and no secret', async () => {
    const clock = noonClock();
    h = await startLoggedIn(clock);
    // A double click is one decision.
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    await Promise.all([h.click(preview, '确认开具'), h.click(preview, '确认开具')]);
    const number = /发票号码：(\d{20})/u.exec(await h.text('发票已开具'))![1];

    const entries = await auditOnceDelivered(h, 'blue');
    const files = await auditFiles(h);
    expect(files.map((file) => path.basename(file))).toEqual([`audit-${clock.day}.jsonl`]);
    expect((await stat(files[0]!)).mode & 0o777).toBe(0o600);
    const job = entries.find((entry) => entry.kind === 'request')!.job!;
    expect(story(entries, job)).toEqual([
      'request preview',
      'decision preview→ confirmed',
      'progress confirmed→ submitting',
      'submission issueBlue',
      'answer issueBlue issued',
      'outcome submitting→ issued',
      'outcome issued→ delivered',
    ]);
    const [request, decision, , submission, answer, issued] = entries.filter((entry) => entry.job === job);
    expect(request).toMatchObject({
      type: 'blue',
      chat: { platform: platformNameOf(h.platform), chatId: h.chatId },
      user: { id: CLERK },
      buyer: { name: '杭州测试科技有限公司', taxId: '91330106MA2KXN4X3X' },
      grossFen: 159_000,
      netFen: 150_000,
      taxFen: 9_000,
    });
    expect(request!.at).toMatch(new RegExp(`^${clock.day}T12:\\d{2}:\\d{2}\\.\\d{3}\\+08:00$`));
    expect(decision).toMatchObject({ user: { id: CLERK }, from: 'preview', to: 'confirmed' });
    const { taskId } = request!;
    expect(taskId).toMatch(/^[0-9a-f]{32}$/);
    expect(submission).toMatchObject({ call: 'issueBlue', taskId, seller: '91330106MA2KXN4X3X', grossFen: 159_000, attempt: 1 });
    expect(answer).toMatchObject({ result: 'issued', invoice: number, invoiceGrossFen: 159_000 });
    expect(issued).toMatchObject({ invoice: number, grossFen: 159_000 });
    // The taskId the bureau saw is the one on record.
    const calls: Array<{ path: string; params: Record<string, string> }> = await h.control('calls');
    expect(calls.filter((call) => call.path.endsWith('blue-invoice/submit')).map((call) => call.params.taskId)).toEqual([taskId]);

    const bytes = await auditBytes(h);
    for (const secret of secrets(h)) expect(bytes).not.toContain(secret);
  });

  it('records a refund, and only ever appends: the earlier bytes are unchanged across a restart', async () => {
    const clock = noonClock();
    h = await startLoggedIn(clock);
    const blue = await issueThroughChat(h, ISSUE);
    const before = await auditBytes(h);

    await h.restart();
    await h.say(`红冲 ${blue} 销货退回 金额=530`);
    await h.click(await h.card('红冲预览'), '确认红冲');
    const delivered = await h.text('红字发票已开具');
    const red = /红字发票号码：(\d{20})/.exec(delivered)?.[1];

    const entries = await auditOnceDelivered(h, 'red');
    const after = await auditBytes(h);
    expect(after.startsWith(before)).toBe(true);
    expect(after.length).toBeGreaterThan(before.length);
    const job = entries.filter((entry) => entry.kind === 'request' && entry.type === 'red')[0]!.job!;
    expect(story(entries, job)).toEqual([
      'request preview',
      'decision preview→ confirmed',
      'progress confirmed→ submitting',
      'submission submitRed',
      'answer submitRed issued',
      'outcome submitting→ issued',
      'outcome issued→ delivered',
    ]);
    const lines = entries.filter((entry) => entry.job === job);
    expect(lines[0]).toMatchObject({ user: { id: CLERK }, blueInvoice: blue, refundFen: 53_000, reason: '02' });
    expect(lines[3]).toMatchObject({ blueInvoice: blue, refundFen: 53_000, refundLines: [{ lineNo: 1, grossFen: 53_000 }], attempt: 1 });
    expect(lines[4]).toMatchObject({ invoice: red, invoiceGrossFen: -53_000 });
    expect(lines[5]).toMatchObject({ invoice: red, blueInvoice: blue });
    for (const secret of secrets(h)) expect(after).not.toContain(secret);
  });

  it('shows a day to an admin (this group in a group, every chat in private), refuses anyone else and a bad date', async () => {
    const clock = noonClock();
    h = await startLoggedIn(clock);
    const number = await issueThroughChat(h, ISSUE);

    await h.say('审计');
    expect(await h.text('只有管理员')).toContain('「审计」');

    await h.say('audit', { userId: ADMIN });
    const shown = await h.text(`审计记录 ${clock.day}（本群`);
    const lines = shown.split('\n');
    expect(lines[0]).toBe(`审计记录 ${clock.day}（本群，共 7 条）：`);
    // Who, by id; with the name the platform gave along (a DingTalk message carries the sender's nick) as `name(id)`.
    expect(lines[1]).toMatch(/^12:\d{2}:\d{2} 申请 #[0-9a-f]{12} 蓝字 · (?:\S+\()?ou_clerk\)? · 预览 · 购方 杭州测试科技有限公司（91330106MA2KXN4X3X） · 价税合计 ¥1,590.00$/u);
    expect(lines[2]).toMatch(/ 决定 .* (?:\S+\()?ou_clerk\)? · 预览 → 已确认$/u);
    expect(lines[4]).toMatch(/ 提交税局 .* 开具蓝字发票（第 1 次） · 购方 .* · 价税合计 ¥1,590.00$/);
    expect(lines[5]).toContain(`税局答复`);
    expect(lines[5]).toContain(`已开具 · 发票号码 ${number} ¥1,590.00`);
    expect(lines.at(-1)).toBe('私聊机器人发送「审计」可看所有群的记录。');

    await h.say('审计 2025-02-30', { userId: ADMIN });
    expect(await h.text('不是日历上的日期')).toContain('日期 2025-02-30');
    await h.say('审计 十月一日', { userId: ADMIN });
    expect(await h.text('日期格式应为 YYYY-MM-DD')).toContain('十月一日');

    await h.say(`审计 ${clock.day}`, { userId: ADMIN, privately: true });
    const everything = await h.text(`审计记录 ${clock.day}（所有群`, h.privateChatOf(ADMIN));
    expect(everything).toContain(`发票号码 ${number}`);
    await h.say('审计 2020-01-01', { userId: ADMIN, privately: true });
    await h.text('2020-01-01 所有群没有审计记录。', h.privateChatOf(ADMIN));
  });
});
