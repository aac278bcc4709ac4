/**
 * N people clicking 确认开具 in the same instant, each on their own preview (N previews over a few chats, one
 * click each): every click is a real job transition and a provider submit, as when a finance team confirms a batch.
 * Clicking one card N times would mostly measure the "already confirmed" answer instead.
 */
import { performance } from 'node:perf_hooks';
import { INVOICE_DELIVERED, PREVIEW_TITLE, type BotClient } from './bot-client.js';
import { cardClick, CONFIRM_BUTTON, ISSUE_TEXT } from './feishu-events.js';
import { burst, openPool, type LoadResult } from './load-generator.js';
import type { LoadPlan } from './plan.js';
import { WEBHOOK_PATH } from './processes.js';

/** Previews are asked for this many at a time (setting up the storm is not what is measured). */
const SETUP_CONCURRENCY = 20;
/** How long the previews may take to appear, and the invoices after the clicks: a slow bot must not stall the run. */
const SETUP_WAIT_MS = 60_000;
const ISSUE_WAIT_MS = 30_000;

export interface ClickStormResult {
  clicks: number;
  /** 200 with a toast: Feishu showed the clerk an answer. */
  answered: number;
  /** Toast "success": the click confirmed its job. */
  confirmed: number;
  result: LoadResult;
  /** From the burst to the last 发票已开具 message of the batch; undefined: not all within ISSUE_WAIT_MS. */
  allIssuedMs: number | undefined;
  /** Why the storm could not be run (e.g. the previews never all appeared). */
  error?: string;
}

/** Runs the storm; a failure to set it up is reported in the result rather than ending the whole bench. */
export async function runClickStorm(plan: LoadPlan, round: number, client: BotClient): Promise<ClickStormResult> {
  try {
    return await clickStorm(plan, round, client);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    console.error(`  round ${round} · click storm not run: ${message}`);
    const nothing = { sent: 0, ok: 0, failed: 0, notSent: 0, overAckLimit: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, throughput: 0, errors: [] };
    return { clicks: plan.clicks.count, answered: 0, confirmed: 0, result: nothing, allIssuedMs: undefined, error: message };
  }
}

async function clickStorm(plan: LoadPlan, round: number, client: BotClient): Promise<ClickStormResult> {
  const { count, chats } = plan.clicks;
  const chatPrefix = `oc_bench_r${round}_c`;
  const chatOf = (index: number) => `${chatPrefix}${index % chats}`;

  let next = 0;
  const asker = async () => {
    while (next < count) await client.say(chatOf(next++), ISSUE_TEXT);
  };
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, asker));
  const previews = await client.waitFor({ chatPrefix, kind: 'card', fragment: PREVIEW_TITLE, count, timeoutMs: SETUP_WAIT_MS });
  await client.settle();

  const clicks = previews.map((preview) => cardClick(client.fakes.ready.feishu, preview, CONFIRM_BUTTON));
  const pool = openPool({ origin: client.origin, path: WEBHOOK_PATH, connections: count });
  try {
    const started = performance.now();
    const { result, answers } = await burst(pool, WEBHOOK_PATH, clicks);
    const toasts = answers.map((answer) => (answer as { toast?: { type?: string } } | undefined)?.toast?.type);
    let allIssuedMs: number | undefined;
    try {
      await client.waitFor({ chatPrefix, kind: 'text', fragment: INVOICE_DELIVERED, count, timeoutMs: ISSUE_WAIT_MS });
      allIssuedMs = performance.now() - started;
    } catch {
      // Reported as "not all within the wait".
    }
    await client.settle();
    const storm = {
      clicks: count,
      answered: toasts.filter(Boolean).length,
      confirmed: toasts.filter((type) => type === 'success').length,
      result,
      allIssuedMs,
    };
    console.log(`  round ${round} · ${count} clicks: ${storm.answered} answered, p99 ${result.p99Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms`);
    return storm;
  } finally {
    await pool.close();
  }
}
