/**
 * `npm run bench`: benchmarks, not tests. Prints one table of numbers per group and exits; every benchmark is bounded
 * in count and time, and the only network it touches is 127.0.0.1.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchCommands } from './commands.js';
import { benchDomain } from './domain.js';
import { benchJumdata } from './jumdata.js';
import { formatTable, heapUsedMiB, type BenchResult } from './timing.js';

/** The whole run must end well inside a minute on a 2-core machine; this stops a hung run regardless. */
const WATCHDOG_MS = 90_000;

const GROUPS: readonly { title: string; run: () => Promise<BenchResult[]> }[] = [
  { title: 'invoice domain (src/invoice)', run: benchDomain },
  { title: '开票 arguments (src/commands)', run: benchCommands },
  { title: 'jumdata client ↔ simulator over loopback (src/api)', run: benchJumdata },
];

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  console.log(`fapiao-bot bench · node ${process.version} · ${os.cpus().length} CPU · ${os.cpus()[0]?.model ?? ''}`);
  const started = performance.now();
  for (const group of GROUPS) {
    console.log(`\n## ${group.title}\n`);
    console.log(formatTable(await group.run()));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\ndone in ${seconds} s · heap used ${heapUsedMiB().toFixed(1)} MiB · rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MiB`);
  clearTimeout(watchdog);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
