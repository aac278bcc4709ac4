/**
 * The load benchmarks of `npm run bench`: one bot, one bare route and the fakes, each in its own process; rounds of
 * event load and a click storm with the bot's RSS after each; then the issuing pipeline on a fresh bot.
 */
import type { ResultSection } from '../results/report.js';
import type { MemoryMiB } from './child-rpc.js';
import { connectToBot, logInSeller } from './bot-client.js';
import { runClickStorm, type ClickStormResult } from './click-storm.js';
import { runEventLoad, warmUp, type LevelResult } from './event-load.js';
import { openPool } from './load-generator.js';
import { runPipeline, type PipelineResult } from './pipeline.js';
import type { LoadPlan } from './plan.js';
import { BARE_PATH, startBareProcess, startBotProcess, startFakesProcess } from './processes.js';
import { loadSections } from './sections.js';

export interface RoundResult {
  round: number;
  events: LevelResult[];
  clicks: ClickStormResult;
}

export interface RssSample {
  when: string;
  bot: MemoryMiB;
  bare: MemoryMiB;
}

export interface LoadResults {
  rounds: RoundResult[];
  rss: RssSample[];
  pipeline: PipelineResult;
}

export async function benchLoad(plan: LoadPlan): Promise<ResultSection[]> {
  const { rounds, rss } = await runRounds(plan);
  console.log('  pipeline on a fresh bot…');
  const pipeline = await runPipeline(plan);
  return loadSections(plan, { rounds, rss, pipeline });
}

async function runRounds(plan: LoadPlan): Promise<Omit<LoadResults, 'pipeline'>> {
  const fakes = await startFakesProcess(plan.sandbox);
  const bot = await startBotProcess(fakes.ready);
  const bare = await startBareProcess();
  const client = connectToBot(fakes, bot);
  const bareOrigin = `http://127.0.0.1:${bare.ready.port}`;
  const barePool = openPool({ origin: bareOrigin, path: BARE_PATH, connections: 128 });
  const rss: RssSample[] = [];
  const sampleRss = async (when: string) =>
    rss.push({ when, bot: await bot.call<MemoryMiB>('memory'), bare: await bare.call<MemoryMiB>('memory') });
  try {
    await sampleRss('idle, just started');
    await logInSeller(client, 'oc_bench_setup');
    await warmUp(plan, client, barePool);
    const rounds: RoundResult[] = [];
    for (let round = 1; round <= plan.rounds; round += 1) {
      const events = await runEventLoad(plan, round, client, { origin: bareOrigin, pool: barePool });
      const clicks = await runClickStorm(plan, round, client);
      rounds.push({ round, events, clicks });
      await sampleRss(`after round ${round}`);
      // Real Feishu is not on this machine: the fake must not slow later rounds by holding every earlier reply.
      await fakes.call('forgetMessages');
    }
    return { rounds, rss };
  } finally {
    await client.close();
    await barePool.close();
    await bot.stop();
    await bare.stop();
    await fakes.stop();
  }
}
