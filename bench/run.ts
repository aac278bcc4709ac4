/**
 * `npm run bench`: benchmarks, not tests. Prints one table of numbers per micro-benchmark group, runs the load
 * benchmarks (bot, bare route and fakes in child processes), and writes bench/RESULTS.md with every target met or
 * not. Every benchmark is bounded in count and time, and the only network it touches is 127.0.0.1.
 * BENCH_QUICK=1: shorter runs and smaller counts, for trying the bench out (its RESULTS.md says so).
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { benchCommands } from './commands.js';
import { benchDomain } from './domain.js';
import { benchJumdata } from './jumdata.js';
import { benchLoad } from './load/index.js';
import { loadPlan } from './load/plan.js';
import { describeMachine } from './results/machine.js';
import { microSection } from './results/micro-section.js';
import { renderResults, type ResultSection } from './results/report.js';
import { benchStoreSizeSections } from './store-size.js';
import { formatTable, heapUsedMiB, type BenchResult } from './timing.js';

const QUICK = process.env.BENCH_QUICK === '1';

/** A full run takes about six minutes on a 2-core machine; this stops a hung run regardless. */
const WATCHDOG_MS = (QUICK ? 4 : 15) * 60_000;

const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

const MICRO_GROUPS: readonly { title: string; run: () => Promise<BenchResult[]> }[] = [
  { title: 'invoice domain (src/invoice)', run: benchDomain },
  { title: '开票 arguments (src/commands)', run: benchCommands },
  { title: 'jumdata client ↔ simulator over loopback (src/api)', run: benchJumdata },
];

/** Benchmarks with targets; each returns its RESULTS.md sections. Add one here to add a section. */
const TARGET_GROUPS: readonly { title: string; run: (quick: boolean) => Promise<ResultSection[]> }[] = [
  { title: 'load: events, clicks, RSS, pipeline (child processes on 127.0.0.1)', run: (quick) => benchLoad(loadPlan(quick)) },
  { title: 'store size: one write and one ack at 0 to 1 000 000 finished jobs', run: benchStoreSizeSections },
];

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const machine = describeMachine();
  const startedAt = new Date();
  console.log(`fapiao-bot bench · node ${machine.node} · ${machine.cores} CPU · ${machine.cpuModel}${QUICK ? ' · quick' : ''}`);
  const started = performance.now();
  const microSections: ResultSection[] = [];
  for (const group of MICRO_GROUPS) {
    console.log(`\n## ${group.title}\n`);
    const results = await group.run();
    console.log(formatTable(results));
    microSections.push(microSection(group.title, results));
  }
  const sections: ResultSection[] = [];
  for (const group of TARGET_GROUPS) {
    console.log(`\n## ${group.title}\n`);
    sections.push(...(await group.run(QUICK)));
  }
  sections.push(...microSections);
  const durationSec = (performance.now() - started) / 1000;
  const markdown = renderResults({ machine, startedAt, durationSec, quick: QUICK, command: `${QUICK ? 'BENCH_QUICK=1 ' : ''}npm run bench` }, sections);
  await writeFile(RESULTS_FILE, markdown);
  const targets = sections.flatMap((section) => section.targets);
  console.log(`\n## targets\n`);
  for (const target of targets) console.log(`${target.met === undefined ? '·' : target.met ? '✓' : '✗'} ${target.name}: ${target.measured} (target ${target.target})`);
  console.log(`\nwrote ${RESULTS_FILE}`);
  console.log(`done in ${durationSec.toFixed(1)} s · heap used ${heapUsedMiB().toFixed(1)} MiB · rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MiB`);
  clearTimeout(watchdog);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
