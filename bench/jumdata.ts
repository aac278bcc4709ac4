/**
 * The jumdata client against the in-process provider simulator over loopback: real HTTP, signing, envelopes and the
 * simulator's rules (SMS login, face auth before a first issue, taskId dedupe), so the numbers include the wire.
 */
import { performance } from 'node:perf_hooks';
import { createJumdataProvider } from '../src/api/jumdata/client.js';
import type { InvoiceDraft, TaxAccount, TaxProvider } from '../src/api/provider.js';
import { startSandbox, type RunningSandbox } from '../src/api/sandbox/index.js';
import { sampleDraft } from './drafts.js';
import { measure, summarise, type BenchResult } from './timing.js';

const APP_ID = 'bench-app';
const APP_SECRET = 'bench-secret';
/** The simulator's default SMS code. */
const SMS_CODE = '123456';
const ISSUES = 200;
const PARALLEL = 8;

const ACCOUNT: TaxAccount = {
  nsrsbh: '91330106MA2KXN4X3X',
  dq: '330000',
  gryhm: '13800000000',
  password: 'bench',
  phone: '13800000000',
};

export async function benchJumdata(): Promise<BenchResult[]> {
  const sandbox = await startSandbox({ appId: APP_ID, appSecret: APP_SECRET });
  // A short retry budget: on loopback nothing should need retrying, and the run must stay bounded.
  const provider = createJumdataProvider({
    baseUrl: sandbox.url,
    appId: APP_ID,
    appSecret: APP_SECRET,
    name: 'sandbox',
    retryBudgetMs: 2_000,
  });
  try {
    return await run(sandbox, provider);
  } finally {
    await provider.close();
    await sandbox.close();
  }
}

async function run(sandbox: RunningSandbox, provider: TaxProvider): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const draft = sampleDraft(3);

  const loginStarted = performance.now();
  const started = await provider.login(ACCOUNT);
  if (started.status === 'sms_sent') await provider.verifyLoginCode(ACCOUNT, started.smsTaskId, SMS_CODE);
  const loginMs = performance.now() - loginStarted;
  results.push({ ...summarise('login (submit + SMS verify), once', [loginMs], loginMs), note: `${provider.stats().calls} HTTP calls` });

  await passFaceAuth(sandbox, provider, draft);

  let issued = 0;
  const sequential = await withCallCount(provider, () =>
    measure(
      `issueBlue, sequential, ${ISSUES} taskIds`,
      async (index) => {
        const outcome = await provider.issueBlue(ACCOUNT, `bench-seq-${index}`, draft);
        if (outcome.status === 'issued') issued += 1;
      },
      { maxCount: ISSUES, maxMs: 15_000, warmup: 0 },
    ),
  );
  results.push({ ...sequential.result, note: `${issued} issued, ${sequential.perOp(sequential.result.count)}` });

  issued = 0;
  const parallel = await withCallCount(provider, () => issueInParallel(provider, draft, () => (issued += 1)));
  results.push({ ...parallel.result, note: `${issued} issued, ${parallel.perOp(parallel.result.count)}` });

  const repeated = await withCallCount(provider, () =>
    measure(`issueBlue, one taskId repeated`, () => provider.issueBlue(ACCOUNT, 'bench-seq-0', draft), {
      maxCount: ISSUES,
      maxMs: 10_000,
      warmup: 0,
    }),
  );
  const distinct = new Set(sandbox.state.blueInvoices.map((invoice) => invoice.taskId)).size;
  results.push({
    ...repeated.result,
    note: `still ${sandbox.state.blueInvoices.length} invoices for ${distinct} taskIds, ${repeated.perOp(repeated.result.count)}`,
  });
  return results;
}

/** The simulator refuses a first issue until the clerk scans (315): get a QR, "scan" it, and wait for the pass. */
async function passFaceAuth(sandbox: RunningSandbox, provider: TaxProvider, draft: InvoiceDraft): Promise<void> {
  const first = await provider.issueBlue(ACCOUNT, 'bench-face-auth', draft);
  if (first.status !== 'needs_face_auth') return;
  const challenge = await provider.startFaceAuth(ACCOUNT, 'personal_tax');
  const scan = await fetch(`${sandbox.url}/__sandbox/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authId: challenge.authId }),
  });
  if (!scan.ok) throw new Error(`sandbox scan failed: HTTP ${scan.status} ${await scan.text()}`);
  const result = await provider.faceAuthResult(ACCOUNT, challenge.authId, 'personal_tax');
  if (result !== 'passed') throw new Error(`face auth did not pass in the sandbox: ${result}`);
}

/** ISSUES distinct taskIds, PARALLEL in flight at a time; latency per call, throughput over the whole batch. */
async function issueInParallel(
  provider: TaxProvider,
  draft: InvoiceDraft,
  onIssued: () => void,
): Promise<BenchResult> {
  const samples: number[] = [];
  let next = 0;
  const deadline = performance.now() + 15_000;
  const worker = async (): Promise<void> => {
    while (next < ISSUES && performance.now() < deadline) {
      const index = next;
      next += 1;
      const before = performance.now();
      const outcome = await provider.issueBlue(ACCOUNT, `bench-par-${index}`, draft);
      samples.push(performance.now() - before);
      if (outcome.status === 'issued') onIssued();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return summarise(`issueBlue, ${PARALLEL} in flight, ${ISSUES} taskIds`, samples, performance.now() - started);
}

/** Runs a benchmark and reports how many HTTP calls it made per operation (token fetches included). */
async function withCallCount(
  provider: TaxProvider,
  bench: () => Promise<BenchResult>,
): Promise<{ result: BenchResult; perOp: (ops: number) => string }> {
  const before = provider.stats().calls;
  const result = await bench();
  const calls = provider.stats().calls - before;
  return { result, perOp: (ops) => `${ops > 0 ? (calls / ops).toFixed(2) : '0'} HTTP calls/op` };
}
