/**
 * What one job write and one acknowledgement cost as the store grows: stores holding 0, 10 000, 100 000 and
 * 1 000 000 finished jobs, built directly as files (dated archives for the old ones, the snapshot holding the recent
 * ones and 100 000 dedupe ids once the store is that large), then opened by the real code. Writes are timed through
 * the job repository (each awaits its fdatasync); acknowledgements are signed, encrypted `帮助` events sent one at a
 * time to the real bot over loopback.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../src/api/sandbox/index.js';
import { startBot } from '../src/app.js';
import { formatChinaDate } from '../src/china-time.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openStore, SCHEMA_VERSION } from '../src/store/db.js';
import { createJobRepository, type JobRecord } from '../src/store/jobs.js';
import { deliver, messageEvent, signedEvent } from '../test/fakes/feishu/events.js';
import { startFakeFeishu } from '../test/fakes/feishu/platform.js';
import { makeTempDir } from '../test/helpers/temp-dir.js';
import { ms, type ResultSection } from './results/report.js';
import { percentile } from './timing.js';

export interface StoreSizeResult {
  finishedJobs: number;
  /** Bytes of store files built. */
  bytes: number;
  openMs: number;
  writeP50Ms: number;
  writeP99Ms: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

const DAY_MS = 24 * 3600_000;
const JOBS_PER_ARCHIVE_DAY = 2_000;
/** The busiest plausible three days (what stays in memory), and the dedupe ids a large store carries. */
const RECENT_IN_SNAPSHOT = 10_000;
const DEDUPE_IDS_WHEN_LARGE = 100_000;
/** Untimed writes and acks first, so the JIT and the connection pool are warm. */
const WARMUP = 50;
const ENCRYPT_KEY = 'bench-encrypt-key';
const TOKEN = 'bench-verification-token';

export async function benchStoreSizes(sizes: readonly number[], samples: { writes: number; acks: number }): Promise<StoreSizeResult[]> {
  const results: StoreSizeResult[] = [];
  for (const size of sizes) {
    const temp = await makeTempDir('fapiao-bench-store-');
    try {
      const bytes = await buildStore(temp.dir, size);
      const write = await timeWrites(temp.dir, samples.writes);
      const ack = await timeAcks(temp.dir, samples.acks);
      results.push({ finishedJobs: size, bytes, ...write, ...ack });
    } finally {
      await temp.remove();
    }
  }
  return results;
}

function finishedJob(index: number, createdAt: number): JobRecord {
  const id = `f${index.toString(16).padStart(11, '0')}`;
  return {
    id,
    type: 'blue',
    state: 'delivered',
    chat: { platform: 'feishu', chatId: `oc_chat_${index % 20}`, chatType: 'group' },
    requester: { id: `ou_user_${index % 50}` },
    accountKey: '91330106MA2KXN4X3X:13800000000',
    draft: {
      kind: 'normal',
      buyer: { name: '杭州测试科技有限公司', taxId: '91330106MA2KXN4X3X' },
      lines: [{ name: '*信息技术服务*技术服务费', amountFen: 100_000, taxFen: 6_000, ratePermille: 60 }],
    } as unknown as JobRecord['draft'],
    warnings: [],
    taskId: `${id}${'0'.repeat(20)}`,
    submitAttempts: 1,
    invoice: { number: `2633${String(index).padStart(16, '0')}`, issuedAt: formatChinaDate(createdAt) } as unknown as JobRecord['invoice'],
    createdAt,
    updatedAt: createdAt + 5_000,
    history: [
      { at: createdAt, state: 'preview' },
      { at: createdAt + 1_000, state: 'confirmed' },
      { at: createdAt + 5_000, state: 'delivered' },
    ],
  };
}

/** Writes the store's files as the real code would have left them; returns their size in bytes. */
async function buildStore(dir: string, finished: number): Promise<number> {
  const now = Date.now();
  const recent = Math.min(finished, RECENT_IN_SNAPSHOT);
  const archived = finished - recent;
  let bytes = 0;
  const archiveDir = path.join(dir, 'archive');
  await mkdir(archiveDir, { recursive: true, mode: 0o700 });
  for (let start = 0; start < archived; start += JOBS_PER_ARCHIVE_DAY) {
    const createdAt = now - (10 + start / JOBS_PER_ARCHIVE_DAY) * DAY_MS;
    const count = Math.min(JOBS_PER_ARCHIVE_DAY, archived - start);
    const lines = Array.from({ length: count }, (_, i) => JSON.stringify(finishedJob(start + i, createdAt)));
    const text = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    await writeFile(path.join(archiveDir, `jobs-${formatChinaDate(createdAt)}.jsonl`), text, { mode: 0o600 });
  }
  const jobs: Record<string, JobRecord> = {};
  for (let i = 0; i < recent; i++) {
    const job = finishedJob(archived + i, now - DAY_MS);
    jobs[job.id] = job;
  }
  const inbox: Record<string, { at: number; done: true }> = {};
  const dedupeIds = finished >= 100_000 ? DEDUPE_IDS_WHEN_LARGE : finished / 10;
  for (let i = 0; i < dedupeIds; i++) inbox[`feishu:ev-${i}`] = { at: now - 3_600_000, done: true };
  const snapshot = JSON.stringify({ version: SCHEMA_VERSION, seq: 0, tables: { jobs, inbox } });
  bytes += Buffer.byteLength(snapshot);
  await writeFile(path.join(dir, 'state.json'), snapshot, { mode: 0o600 });
  return bytes;
}

async function timeWrites(dir: string, count: number): Promise<Pick<StoreSizeResult, 'openMs' | 'writeP50Ms' | 'writeP99Ms'>> {
  const opened = performance.now();
  const store = await openStore(dir);
  const openMs = performance.now() - opened;
  try {
    const jobs = createJobRepository(store);
    await jobs.create({
      id: 'bench-live',
      type: 'blue',
      chat: { platform: 'feishu', chatId: 'oc_bench', chatType: 'group' },
      requester: { id: 'ou_bench' },
      accountKey: 'bench',
      taskId: 'bench-task',
    });
    for (let i = 0; i < WARMUP; i++) await jobs.update('bench-live', { submitAttempts: i });
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const before = performance.now();
      await jobs.update('bench-live', { submitAttempts: i });
      samples.push(performance.now() - before);
    }
    samples.sort((a, b) => a - b);
    return { openMs, writeP50Ms: percentile(samples, 0.5), writeP99Ms: percentile(samples, 0.99) };
  } finally {
    await store.close();
  }
}

async function timeAcks(dir: string, count: number): Promise<Pick<StoreSizeResult, 'ackP50Ms' | 'ackP99Ms'>> {
  const feishu = await startFakeFeishu();
  const sandbox = await startSandbox({ appId: 'bench', appSecret: 'bench-secret', smsRequired: false });
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dir,
    TAX_PROVIDER: 'jumdata',
    JUMDATA_APP_ID: 'bench',
    JUMDATA_APP_SECRET: 'bench-secret',
    JUMDATA_BASE_URL: sandbox.url,
    TAX_NSRSBH: '91330106MA2KXN4X3X',
    TAX_DQ: '330000',
    TAX_GRYHM: '13800000000',
    TAX_PASSWORD: 'bench-password',
    TAX_PHONE: '13800001234',
    FEISHU_APP_ID: feishu.appId,
    FEISHU_APP_SECRET: feishu.appSecret,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_DOMAIN: feishu.url,
  });
  const bot = await startBot(config, { logger: createLogger('silent'), host: '127.0.0.1' });
  try {
    const samples: number[] = [];
    for (let i = -WARMUP; i < count; i++) {
      const payload = messageEvent({
        chatId: 'oc_bench',
        userId: 'ou_bench',
        text: '帮助',
        mentionBot: true,
        botOpenId: feishu.botOpenId,
        botName: feishu.botName,
        verificationToken: TOKEN,
        appId: feishu.appId,
      });
      const request = signedEvent(payload, { encryptKey: ENCRYPT_KEY });
      const before = performance.now();
      const response = await deliver(`${bot.url}/feishu/webhook`, request);
      if (i >= 0) samples.push(performance.now() - before);
      if (response.status !== 200) throw new Error(`ack answered ${response.status}`);
    }
    samples.sort((a, b) => a - b);
    return { ackP50Ms: percentile(samples, 0.5), ackP99Ms: percentile(samples, 0.99) };
  } finally {
    await bot.close();
    await sandbox.close();
    await feishu.close();
  }
}

/** The RESULTS.md section: one row per store size, and the write target at 1 000 000 finished jobs. */
export async function benchStoreSizeSections(quick: boolean): Promise<ResultSection[]> {
  const sizes = quick ? [0, 10_000, 100_000] : [0, 10_000, 100_000, 1_000_000];
  const results = await benchStoreSizes(sizes, quick ? { writes: 300, acks: 100 } : { writes: 2_000, acks: 500 });
  for (const result of results) {
    console.log(
      `${result.finishedJobs} finished jobs: write p99 ${ms(result.writeP99Ms)}, ack p99 ${ms(result.ackP99Ms)}, open ${ms(result.openMs)}`,
    );
  }
  const largest = results.find((result) => result.finishedJobs === 1_000_000);
  return [
    {
      title: 'One write and one acknowledgement as the store grows',
      notes: [
        'Each store is built directly as files: finished jobs in dated archives (2 000 a day), the 10 000 most recent in the snapshot, and 100 000 done dedupe ids from 100 000 jobs up. A write is `jobs.update` of a live job, awaited until its journal line is fdatasync\'ed (one at a time, after 50 untimed). An ack is one signed, encrypted `帮助` event sent to the real bot (in this process) and answered 200, one at a time; each reply is sent to a fake Feishu meanwhile.',
      ],
      columns: ['finished jobs', 'store files', 'open', 'write p50', 'write p99', 'ack p50', 'ack p99'],
      rows: results.map((result) => [
        result.finishedJobs.toLocaleString('en-US'),
        `${(result.bytes / 2 ** 20).toFixed(1)} MiB`,
        ms(result.openMs),
        ms(result.writeP50Ms),
        ms(result.writeP99Ms),
        ms(result.ackP50Ms),
        ms(result.ackP99Ms),
      ]),
      targets: [
        {
          name: 'one job write at 1 000 000 finished jobs, p99',
          target: '< 2 ms',
          measured: largest ? ms(largest.writeP99Ms) : 'not run in quick mode',
          met: largest ? largest.writeP99Ms < 2 : undefined,
        },
      ],
    },
  ];
}
