/**
 * The whole issuing pipeline under a realistic trickle: `invoices` requests over `chats` chats, each chat one after
 * another (message → preview → 确认开具 → 发票已开具), against the simulator answering 202 for 1 s per invoice.
 * The bound is provider time plus one poll interval (the bot's real first job poll, DEFAULT_TIMING): a job that is
 * issued after 1 s is noticed at the first poll.
 */
import { DEFAULT_TIMING } from '../../src/flows/context.js';
import { percentile } from '../timing.js';
import { connectToBot, INVOICE_DELIVERED, logInSeller, PREVIEW_TITLE, type BotClient } from './bot-client.js';
import { ISSUE_TEXT } from './feishu-events.js';
import type { LoadPlan } from './plan.js';
import { startBotProcess, startFakesProcess } from './processes.js';

const STEP_TIMEOUT_MS = 60_000;

export interface PipelineResult {
  invoices: number;
  chats: number;
  completed: number;
  boundMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  providerCalls: number;
  /** Provider calls by endpoint path, during the pipeline only (log-in and face auth before it are not counted). */
  callsByPath: Record<string, number>;
  errors: string[];
}

export async function runPipeline(plan: LoadPlan): Promise<PipelineResult> {
  const fakes = await startFakesProcess(plan.sandbox);
  const bot = await startBotProcess(fakes.ready);
  const client = connectToBot(fakes, bot);
  try {
    await logInSeller(client, 'oc_bench_pipeline_setup');
    return await issueAll(plan, client);
  } catch (error) {
    // Reported as an unfinished pipeline rather than ending the whole bench.
    return { ...emptyResult(plan), errors: [String(error instanceof Error ? error.message.split('\n')[0] : error)] };
  } finally {
    await client.close();
    await bot.stop();
    await fakes.stop();
  }
}

async function issueAll(plan: LoadPlan, client: BotClient): Promise<PipelineResult> {
  const { invoices, chats } = plan.pipeline;
  const sandboxUrl = client.fakes.ready.sandbox.url;
  const callsBefore = (await providerCalls(sandboxUrl)).length;
  const latencies: number[] = [];
  const errors: string[] = [];

  const runChat = async (chat: number) => {
    const chatId = `oc_bench_pipeline_${chat}`;
    const share = Math.floor(invoices / chats) + (chat < invoices % chats ? 1 : 0);
    for (let nth = 1; nth <= share; nth += 1) {
      try {
        await client.say(chatId, ISSUE_TEXT);
        const previews = await client.waitFor({ chatId, kind: 'card', fragment: PREVIEW_TITLE, count: nth, timeoutMs: STEP_TIMEOUT_MS });
        const clickedAt = Date.now();
        const answer = await client.confirm(previews[nth - 1]!);
        if (!answer.ok) throw new Error(`click not acknowledged: ${answer.error}`);
        const delivered = await client.waitFor({ chatId, kind: 'text', fragment: INVOICE_DELIVERED, count: nth, timeoutMs: STEP_TIMEOUT_MS });
        // Both clocks are this machine's wall clock: the fake stamps a message when it records it.
        latencies.push(delivered[nth - 1]!.createdAt - clickedAt);
      } catch (error) {
        if (errors.length < 3) errors.push(String(error instanceof Error ? error.message : error).slice(0, 200));
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: chats }, (_, chat) => runChat(chat)));

  const calls = (await providerCalls(sandboxUrl)).slice(callsBefore);
  const callsByPath: Record<string, number> = {};
  for (const call of calls) callsByPath[call.path] = (callsByPath[call.path] ?? 0) + 1;
  const sorted = latencies.sort((a, b) => a - b);
  const result: PipelineResult = {
    ...emptyResult(plan),
    completed: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted.at(-1) ?? 0,
    providerCalls: calls.length,
    callsByPath,
    errors,
  };
  console.log(`  pipeline: ${result.completed}/${invoices} issued, p50 ${result.p50Ms} ms, max ${result.maxMs} ms, ${calls.length} provider calls`);
  return result;
}

function emptyResult(plan: LoadPlan): PipelineResult {
  const { invoices, chats } = plan.pipeline;
  const boundMs = (plan.sandbox.issueDelayMs ?? 0) + DEFAULT_TIMING.jobPoll.initialMs;
  return { invoices, chats, completed: 0, boundMs, p50Ms: 0, p95Ms: 0, maxMs: 0, providerCalls: 0, callsByPath: {}, errors: [] };
}

/** The simulator's call log, through its control route. */
async function providerCalls(sandboxUrl: string): Promise<Array<{ path: string }>> {
  const response = await fetch(`${sandboxUrl}/__sandbox/calls`, { signal: AbortSignal.timeout(10_000) });
  return (await response.json()) as Array<{ path: string }>;
}
