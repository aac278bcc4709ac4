/** On every platform, a job's card follows it and a job is never given up into a duplicate, whatever fails on the way. */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/db.js';
import { createJobRepository } from '../../src/store/jobs.js';
import { capturedLog } from '../helpers/captured-log.js';
import { startReadyToIssue } from './blue-invoice.js';
import { cardNow, CHAT_PLATFORMS, clickAndHear, startChatHarness, waitUntil, type ChatHarness, type ChatPlatform } from './chat-harness.js';
import type { HarnessOptions } from './harness.js';
import { blueSubmitTaskIds } from './sandbox-calls.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
/** Face auth passes at once, and the bureau answers 202 for an hour: the job waits at 税局处理中. */
const IN_PROGRESS_SANDBOX = { issueDelayMs: 60 * 60_000 };

describe.each(CHAT_PLATFORMS)('%s: a job is never given up into a duplicate', (platform) => {
  let h: ChatHarness;
  afterEach(() => h.close());

  async function jobInProgress(options: HarnessOptions = {}): Promise<ChatHarness> {
    h = await startReadyToIssue(platform as ChatPlatform, { ...options, sandbox: IN_PROGRESS_SANDBOX });
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    await cardNow(h, '税局处理中');
    return h;
  }

  it('brings the card to 已开具 even when its final update is refused', async () => {
    await jobInProgress();
    h.failNextCardUpdates(2);
    await h.control('advance', { ms: 61 * 60_000 });
    await h.text('发票已开具');
    await cardNow(h, '已开具');
  });

  it('stops sending into a chat the bot was removed from, instead of retrying forever', async () => {
    const log = capturedLog();
    await jobInProgress({ logger: createLogger('error', log.stream) });
    h.removeBot();
    await h.control('advance', { ms: 61 * 60_000 });
    // The invoice is issued; telling the chat fails for good, so the job stops trying (it would retry every
    // 50–200 ms with the test timing otherwise).
    await waitUntil(() => log.lines().find((line) => line.includes('stopped until the next start')), () => log.text());
    // The job's card and its delivery message: each refused once, then left alone.
    expect(h.refusedSends()).toBeGreaterThan(0);
    expect(h.refusedSends()).toBeLessThanOrEqual(4);
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });

  it('finds the card it posted before a crash lost its message id, instead of posting a second one', async () => {
    h = await startChatHarness(platform as ChatPlatform, { sandbox: { smsRequired: false } });
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    await h.restart(async () => {
      // The crash window: the card is in the chat, the job does not know its message id.
      const store = await openStore(h.dataDir);
      const jobs = createJobRepository(store);
      for (const job of jobs.inStates(['preview'])) await jobs.update(job.id, { previewMessageId: undefined, cardShown: undefined });
      await store.close();
    });
    await h.say('帮助');
    await h.text('我能做这些');
    expect(h.cards()).toHaveLength(1);
    await clickAndHear(h, preview, '确认开具', '已确认，正在开具');
  });

  it('tells the chat at the first failure that outlasts the client retries, with the 单号 and the next try', async () => {
    // One job-level failure in the test's time: the next try is ten minutes away.
    h = await startReadyToIssue(platform as ChatPlatform, {
      timing: { jobRetry: { initialMs: 10 * 60_000, maxMs: 10 * 60_000, factor: 1 } },
      provider: { retryBudgetMs: 100 },
    });
    await h.control('inject', { code: 500, count: 50, path: 'blue-invoice/submit' });
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    const jobId = /单号 (\w+)/u.exec(preview.text)?.[1];
    await h.click(preview, '确认开具');

    const told = await h.text('机器人会用同一单号一直重试');
    expect(told).toContain(`单号 ${jobId}`);
    expect(told).toMatch(/直到开出或税局明确拒绝为止。下次重试约在 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，之后最长每 10 分钟一次/u);
    expect(told).toContain('不会重复开票，请不要重新申请');
    await cardNow(h, '开具中…', '仍在用同一单号重试');
    expect(h.texts().filter((text) => text.includes('一直重试'))).toHaveLength(1);
    expect(new Set(await blueSubmitTaskIds(h)).size).toBe(1);
  });

  it('keeps polling with the same taskId through repeated provider failures and says it is still trying', async () => {
    await jobInProgress({ timing: { stillTryingAfterFailures: 3 }, provider: { retryBudgetMs: 100 } });
    await h.control('inject', { code: 500, count: 30, path: 'blueSubmit' });

    expect(await h.text('不会重复开票，请不要重新申请')).toMatch(/下次重试约在 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/u);
    await h.control('advance', { ms: 61 * 60_000 });
    await h.text('发票已开具');

    expect(h.texts().some((text) => text.includes('开具失败'))).toBe(false);
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(new Set(await blueSubmitTaskIds(h)).size).toBe(1);
  });

  it('checks whether the bureau issued the invoice before failing a job a final error stopped', async () => {
    await jobInProgress();
    // The bureau issues it, but the next poll is answered with a configuration error (IP not whitelisted).
    await h.control('inject', { code: 607, count: 1, path: 'blueSubmit' });
    await h.control('advance', { ms: 61 * 60_000 });

    await h.text('发票已开具');
    expect(h.texts().some((text) => text.includes('开具失败'))).toBe(false);
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });
});
