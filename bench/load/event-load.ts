/**
 * Acknowledgement latency and throughput of signed + encrypted `im.message.receive_v1` events (`帮助`, mentioning
 * the bot), on the bot and on the bare route with the very same bodies, level by level, alternating which goes
 * first so neither always runs on a warmer (or more tired) machine.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'undici';
import type { SignedRequest } from '../../test/fakes/feishu/events.js';
import type { BotClient } from './bot-client.js';
import { chatMessage } from './feishu-events.js';
import { closedLoop, openLoop, type LoadResult } from './load-generator.js';
import type { LoadPlan } from './plan.js';
import { BARE_PATH, WEBHOOK_PATH } from './processes.js';

/**
 * The `帮助` events are spread over this many chats. Feishu lets a bot send 5 messages a second into one chat, so
 * the replies to a whole run aimed at one chat would queue for hours; over 300 chats the bot answers them all
 * within the run's settle, and each round starts (and its RSS is read) with nothing waiting.
 */
const HELP_CHATS = 300;

function helpEvents(bot: BotClient): () => SignedRequest {
  let sent = 0;
  return () => chatMessage(bot.fakes.ready.feishu, `oc_bench_help_${sent++ % HELP_CHATS}`, '帮助');
}

export interface LevelResult {
  /** e.g. "500 events/s" or "closed loop ×50". */
  level: string;
  rate?: number;
  closed: boolean;
  bot: LoadResult;
  bare: LoadResult;
}

/** One server as the generator sees it: its origin (open loop opens its own connections) and a shared pool. */
interface Server {
  origin: string;
  pool: Pool;
  path: string;
}

type Runner = (server: Server) => Promise<LoadResult>;

export async function runEventLoad(plan: LoadPlan, round: number, bot: BotClient, bare: Omit<Server, 'path'>): Promise<LevelResult[]> {
  const build = helpEvents(bot);
  const levels: { level: string; rate?: number; run: Runner }[] = [
    ...plan.rates.map((rate) => ({
      level: `${rate} events/s`,
      rate,
      run: ({ origin, path }: Server) => openLoop(origin, path, { ratePerSec: rate, count: rate * plan.openLoopSeconds, build }),
    })),
    {
      level: `closed loop ×${plan.closedLoop.concurrency}`,
      run: ({ pool, path }: Server) => closedLoop(pool, path, { ...plan.closedLoop, maxCount: 100_000, build }),
    },
  ];

  const results: LevelResult[] = [];
  for (const [index, { level, rate, run }] of levels.entries()) {
    const runBot = async () => {
      const result = await run({ origin: bot.origin, pool: bot.pool, path: WEBHOOK_PATH });
      await bot.settle();
      return result;
    };
    const runBare = async () => {
      const result = await run({ ...bare, path: BARE_PATH });
      await sleep(200);
      return result;
    };
    const botFirst = (round + index) % 2 === 0;
    const first = await (botFirst ? runBot() : runBare());
    const second = await (botFirst ? runBare() : runBot());
    const [botResult, bareResult] = botFirst ? [first, second] : [second, first];
    results.push({ level, rate, closed: rate === undefined, bot: botResult, bare: bareResult });
    console.log(`  round ${round} · ${level}: bot p99 ${botResult.p99Ms.toFixed(1)} ms, ${Math.round(botResult.throughput)}/s · bare p99 ${bareResult.p99Ms.toFixed(1)} ms, ${Math.round(bareResult.throughput)}/s`);
  }
  return results;
}

/** Untimed traffic on both servers so round 1 is not measured on a cold JIT. */
export async function warmUp(plan: LoadPlan, bot: BotClient, barePool: Pool): Promise<void> {
  const build = helpEvents(bot);
  const options = { concurrency: 10, durationMs: plan.warmupMs, maxCount: 10_000, build };
  await closedLoop(bot.pool, WEBHOOK_PATH, options);
  await closedLoop(barePool, BARE_PATH, options);
  await bot.settle();
}
