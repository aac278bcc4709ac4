import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { createJobRepository } from '../../src/store/jobs.js';
import { cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { CHAT, startHarness, type Harness } from './harness.js';
import { blueSubmitTaskIds } from './sandbox-calls.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';

function titleOf(h: Harness, message: FakeFeishuMessage): string {
  return cardTitle(h.feishu.message(message.messageId)?.content ?? {});
}

/** Logged in, face auth passes at once, and the bureau answers 202 for an hour: the job waits at 税局处理中. */
async function jobInProgress(h: Harness): Promise<FakeFeishuMessage> {
  await h.say('登录');
  await h.text('税局登录成功');
  await h.say(ISSUE);
  const preview = await h.card('开票预览');
  await h.click(preview, '确认开具');
  await h.feishu.waitFor(() => titleOf(h, preview).includes('税局处理中') || undefined);
  return preview;
}

const IN_PROGRESS_SANDBOX = { smsRequired: false, faceAutoPassMs: 0, issueDelayMs: 60 * 60_000 };

describe('Feishu: cards follow their job, and a job is never given up into a duplicate', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('brings the card to 已开具 even when the final card update is refused', async () => {
    h = await startHarness({ sandbox: IN_PROGRESS_SANDBOX });
    const preview = await jobInProgress(h);
    const onlyThisCard = (method: string, path: string) => method === 'PATCH' && path.endsWith(preview.messageId);
    h.feishu.failNext(2, { status: 500, code: 2200, msg: 'internal error', only: onlyThisCard });
    await h.control('advance', { ms: 61 * 60_000 });

    await h.text('发票已开具');
    await h.feishu.waitFor(() => titleOf(h, preview).includes('已开具') || undefined);
  });

  it('stops sending into a chat the bot was removed from, instead of retrying forever', async () => {
    h = await startHarness({ sandbox: IN_PROGRESS_SANDBOX });
    await jobInProgress(h);
    // The group removes the bot: every send and card update there answers 230002 from now on.
    h.feishu.failNext(1_000, { status: 400, code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    await h.control('advance', { ms: 61 * 60_000 });
    await h.feishu.waitFor(() => h.feishu.calls.some((call) => call.code === 230002) || undefined);

    // The invoice is issued; telling the chat fails for good, so the job stops trying (it would retry every
    // 50–200 ms with the test timing otherwise).
    const refused = () => h.feishu.calls.filter((call) => call.code === 230002).length;
    // Quiet for 2 s: the job has stopped (with the test timing a retrying job would call every 50–200 ms).
    let last = -1;
    while (refused() !== last) {
      last = refused();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    // One card update, one delivery message: each refused once, then left alone.
    expect(last).toBeLessThanOrEqual(4);
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });

  it('finds the card it posted before a crash lost its message id, instead of posting a second one', async () => {
    h = await startHarness({ sandbox: { smsRequired: false } });
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
    await h.text('开票');
    expect(h.feishu.messagesIn(CHAT).filter((m) => m.msgType === 'interactive')).toHaveLength(1);
    expect((await h.click(preview, '确认开具')).json.toast.type).toBe('success');
  });

  it('tells the chat at the first failure that outlasts the client retries, with the 单号 and the next try', async () => {
    // One job-level failure in the test's time: the next try is ten minutes away.
    h = await startHarness({
      sandbox: { smsRequired: false, faceAutoPassMs: 0 },
      timing: { jobRetry: { initialMs: 10 * 60_000, maxMs: 10 * 60_000, factor: 1 } },
      provider: { retryBudgetMs: 100 },
    });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.control('inject', { code: 500, count: 50, path: 'blue-invoice/submit' });
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    const jobId = /单号 (\w+)/u.exec(cardText(preview.originalContent))?.[1];
    await h.click(preview, '确认开具');

    const told = String((await h.text('机器人会用同一单号一直重试')).content.text);
    expect(told).toContain(`单号 ${jobId}`);
    expect(told).toMatch(/直到开出或税局明确拒绝为止。下次重试约在 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，之后最长每 10 分钟一次/u);
    expect(told).toContain('不会重复开票，请不要重新申请');
    await h.feishu.waitFor(() => cardText(h.feishu.message(preview.messageId)?.content ?? {}).includes('仍在用同一单号重试') || undefined);
    expect(titleOf(h, preview)).toBe('开具中…');
    expect(h.texts().filter((text) => text.includes('一直重试'))).toHaveLength(1);
    expect(new Set(await blueSubmitTaskIds(h)).size).toBe(1);
  });

  it('keeps polling with the same taskId through repeated provider failures and says it is still trying', async () => {
    h = await startHarness({
      sandbox: IN_PROGRESS_SANDBOX,
      timing: { stillTryingAfterFailures: 3 },
      provider: { retryBudgetMs: 100 },
    });
    await jobInProgress(h);
    await h.control('inject', { code: 500, count: 30, path: 'blueSubmit' });

    const stillTrying = await h.text('不会重复开票，请不要重新申请');
    expect(String(stillTrying.content.text)).toMatch(/下次重试约在 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await h.control('advance', { ms: 61 * 60_000 });
    await h.text('发票已开具');

    expect(h.texts().some((text) => text.includes('开具失败'))).toBe(false);
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(new Set(await blueSubmitTaskIds(h)).size).toBe(1);
  });

  it('checks whether the bureau issued the invoice before failing a job a final error stopped', async () => {
    h = await startHarness({ sandbox: IN_PROGRESS_SANDBOX });
    await jobInProgress(h);
    // The bureau issues it, but the next poll is answered with a configuration error (IP not whitelisted).
    await h.control('inject', { code: 607, count: 1, path: 'blueSubmit' });
    await h.control('advance', { ms: 61 * 60_000 });

    await h.text('发票已开具');
    expect(h.texts().some((text) => text.includes('开具失败'))).toBe(false);
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });
});
