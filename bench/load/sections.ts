/** The load results as RESULTS.md sections, each with the issue's targets checked against what was measured. */
import { ms, type ResultSection, type TargetCheck } from '../results/report.js';
import type { LoadResults, RoundResult, RssSample } from './index.js';
import type { LoadResult } from './load-generator.js';
import type { PipelineResult } from './pipeline.js';
import type { LoadPlan } from './plan.js';

const ACK_P99_LIMIT_MS = 10;
const ACK_TARGET_RATE = 500;
const THROUGHPUT_SHARE = 0.8;
const CLICK_LIMIT_MS = 1_000;
/** RSS may wobble with the garbage collector; more than this from round 1 to the last round counts as growth. */
const RSS_TOLERANCE = 0.1;
const PIPELINE_SLACK = 1.2;
const MAX_CALLS_PER_INVOICE = 4;

export function loadSections(plan: LoadPlan, results: LoadResults): ResultSection[] {
  return [eventSection(plan, results.rounds), clickSection(plan, results.rounds), rssSection(plan, results.rss), pipelineSection(plan, results.pipeline)];
}

const perRound = (values: readonly string[]) => values.join(' / ');
const mib = (value: number) => `${value.toFixed(1)} MiB`;

function eventSection(plan: LoadPlan, rounds: readonly RoundResult[]): ResultSection {
  const rows = rounds.flatMap(({ round, events }) =>
    events.flatMap((level) => [loadRow(round, level.level, 'bot', level.bot), loadRow(round, level.level, 'bare route', level.bare)]),
  );
  const atTargetRate = rounds.map(({ events }) => events.find((level) => level.rate === ACK_TARGET_RATE));
  const p99s = atTargetRate.map((level) => level?.bot.p99Ms ?? Number.POSITIVE_INFINITY);
  const shares = rounds.map(({ events }) => {
    const closed = events.find((level) => level.closed);
    return closed && closed.bare.throughput > 0 ? closed.bot.throughput / closed.bare.throughput : 0;
  });
  const targets: TargetCheck[] = [
    {
      name: `ack p99 at ${ACK_TARGET_RATE} events/s (worst round)`,
      target: `< ${ACK_P99_LIMIT_MS} ms`,
      measured: perRound(p99s.map(ms)),
      met: Math.max(...p99s) < ACK_P99_LIMIT_MS,
    },
    {
      name: `throughput, closed loop ×${plan.closedLoop.concurrency}, bot ÷ bare route (worst round)`,
      target: `≥ ${THROUGHPUT_SHARE}×`,
      measured: perRound(shares.map((share) => `${share.toFixed(2)}×`)),
      met: Math.min(...shares) >= THROUGHPUT_SHARE,
    },
  ];
  return {
    title: 'Signed + encrypted events: bot vs bare Koa route',
    notes: [
      `\`im.message.receive_v1\` text \`帮助\` mentioning the bot, AES-encrypted and sha256-signed, a fresh event_id each, spread over 300 chats so that the bot answers every one of them (a help card each) while the load runs, as it would; the bare route (\`POST /bare\`, reads the body, answers \`{}\`) gets the same bodies. Open loop: ${plan.openLoopSeconds} s worth of events at each rate, latency counted from when each event was due; once 3 s worth of events wait for an answer, the rest of that level is not sent ("not sent"), and a request unanswered after 5 s fails. Closed loop: ${plan.closedLoop.concurrency} senders for ${plan.closedLoop.durationMs / 1000} s. Bot and bare route alternate which goes first; after each bot run the bench waits until the bot has handled every event it acknowledged and its replies to the fake Feishu have stopped, and after each round the fake forgets the replies it recorded (real Feishu does not hold them on this machine). "> 3 s" = answered after Feishu's 3 s (it would push again) or not at all. Measured values list the rounds in order.`,
      'Where the bot falls short of the targets, profiles say why (`BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"` or `--trace-gc`, then `npm run bench`): the load generator, the bot and the fake Feishu share the 2 cores, and at 100–500 events/s over 300 chats the bot is busy only 25–50 % of the time, so its tail is mostly waiting rather than work — for a core while the fake Feishu takes the bot\'s replies (one for each event; the bare route sends none, so its runs have a core to spare), and for its own young-generation collections (about 20 in 5 s at 500 events/s, up to ~10 ms each). Round 1 meets the target in most runs (5.7–8.4 ms) and rounds 2 and 3 do not (21–49 ms), with no growth in the work per event: not the disk (the same with DATA_DIR on tmpfs: 5.7 / 24.9 / 21.3 ms), not what the fake Feishu records (the same since it forgets its records between rounds), not young-generation sizing (`--max-semi-space-size=64`: 7.2 / 29.5 / 32.2 ms); what the profile shows in rounds 2 and 3 and not in round 1 is busy stretches of 25–70 ms that hold full collections of a larger heap (the dedupe ids and jobs kept on purpose). The Lark SDK sends through undici (src/bot/feishu/http-instance.ts), which halved the CPU of a send against axios and follow-redirects; over the runs since, the p99 at 500 events/s went from 14–52 ms to 5.7–8.4 ms in round 1 and 21–49 ms in rounds 2–3, and the closed loop from 0.28–0.31× to 0.31–0.40×. The closed loop is bounded by the same sharing: every acknowledged event is also a reply to build, send and have the fake receive, which the bare route never does; with the replies held back (all events in one chat) the bot reached ~0.5× the bare route, waiting on the group-committed fdatasync. Acknowledgements already go before the handlers they start (the handler of a message waits one turn of the event loop). Next: a smaller retained heap for full collections to walk (the dedupe ids as one compact set, finished jobs out of memory sooner), fewer allocations per event (the journal record, the card rendering), and journal flushes pipelined so a batch is written while the previous one syncs.',
    ],
    columns: ['round', 'load', 'server', 'sent', 'ok', 'failed', 'not sent', '> 3 s', 'p50', 'p99', 'max', 'throughput /s'],
    rows,
    targets,
  };
}

function loadRow(round: number, level: string, server: string, result: LoadResult): string[] {
  return [
    String(round),
    level,
    server,
    String(result.sent),
    String(result.ok),
    result.failed ? `${result.failed} (${result.errors.join('; ')})` : '0',
    String(result.notSent),
    String(result.overAckLimit),
    ms(result.p50Ms),
    ms(result.p99Ms),
    ms(result.maxMs),
    Math.round(result.throughput).toLocaleString('en-US'),
  ];
}

function clickSection(plan: LoadPlan, rounds: readonly RoundResult[]): ResultSection {
  const { count, chats } = plan.clicks;
  const allFast = rounds.map(({ clicks }) => clicks.answered === clicks.clicks && clicks.result.maxMs < CLICK_LIMIT_MS);
  return {
    title: `${count} simultaneous card clicks`,
    notes: [
      `${count} previews (\`${'开票 …'}\`) over ${chats} chats, then one \`card.action.trigger\` click on 确认开具 per preview, all sent at the same instant on ${count} connections: each click is a real job transition and provider submit. "answered" = HTTP 200 with a toast; latency from the burst to each answer. "all issued" = until the last 发票已开具 message of the batch (simulator: 1 s of 202 per invoice).`,
    ],
    columns: ['round', 'clicks', 'answered', 'confirmed', 'p50', 'p99', 'max', 'all issued after'],
    rows: rounds.map(({ round, clicks }) => [
      String(round),
      String(clicks.clicks),
      String(clicks.answered),
      String(clicks.confirmed),
      ms(clicks.result.p50Ms),
      ms(clicks.result.p99Ms),
      ms(clicks.result.maxMs),
      clicks.error ? `not run: ${clicks.error}` : clicks.allIssuedMs === undefined ? 'not all within 30 s' : ms(clicks.allIssuedMs),
    ]),
    targets: [
      {
        name: `${count} simultaneous clicks all answered (slowest, per round)`,
        target: `all < ${ms(CLICK_LIMIT_MS)}`,
        measured: perRound(rounds.map(({ clicks }) => `${clicks.answered}/${clicks.clicks} answered, max ${ms(clicks.result.maxMs)}`)),
        met: allFast.every(Boolean),
      },
    ],
  };
}

function rssSection(plan: LoadPlan, samples: readonly RssSample[]): ResultSection {
  const first = samples.find((sample) => sample.when === 'after round 1');
  const last = samples.at(-1);
  const comparable = plan.rounds >= 3 && first !== undefined && last !== undefined;
  const growth = comparable ? last.bot.rss / first.bot.rss - 1 : 0;
  return {
    title: 'Resident memory',
    notes: [
      `RSS of the bot process and of the bare-route process (for scale), asked over IPC: idle right after start, then after each round (event load + click storm, once the bot has handled everything and gone quiet), each reading after a full garbage collection (the children run with \`--expose-gc\`), so rounds compare what the process holds rather than when V8 last collected. Both run under tsx, as \`npm start\` does. Next to the bot's RSS: its V8 heap in use (what it holds), the heap V8 has reserved, and the external memory V8 knows of (Buffers, WebAssembly); RSS above heap total plus external is native memory — the allocator's arenas, code, threads — that the process holds without V8 counting it. The backlog is the deliveries acknowledged and not yet handled (0 once settled). No growth = after the last round within +${RSS_TOLERANCE * 100} % of after round 1.`,
    ],
    columns: ['when', 'bot RSS', 'bot heap used', 'bot heap total', 'bot external', 'bot backlog', 'bare route RSS'],
    rows: samples.map((sample) => [
      sample.when,
      mib(sample.bot.rss),
      mib(sample.bot.heapUsed),
      mib(sample.bot.heapTotal),
      mib(sample.bot.external),
      String(sample.bot.backlog ?? ''),
      mib(sample.bare.rss),
    ]),
    targets: [
      {
        name: `bot RSS, no growth across ${plan.rounds} rounds (last round vs round 1)`,
        target: `≤ +${RSS_TOLERANCE * 100} %`,
        measured: comparable ? `${first.bot.rss.toFixed(1)} → ${last.bot.rss.toFixed(1)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %)` : 'needs 3 rounds',
        met: comparable ? growth <= RSS_TOLERANCE : undefined,
      },
    ],
  };
}

function pipelineSection(plan: LoadPlan, pipeline: PipelineResult): ResultSection {
  const limitMs = pipeline.boundMs * PIPELINE_SLACK;
  const callsPerInvoice = pipeline.completed > 0 ? pipeline.providerCalls / pipeline.completed : Number.POSITIVE_INFINITY;
  const allDone = pipeline.completed === pipeline.invoices;
  const byPath = Object.entries(pipeline.callsByPath)
    .map(([path, count]) => `${path.replace(/^.*\/makeout\//, '')} ${count}`)
    .join(', ');
  return {
    title: 'Issuing pipeline against the simulator',
    notes: [
      `${pipeline.invoices} invoices over ${pipeline.chats} chats (chats side by side, each chat one invoice after another): message → preview card → click 确认开具 → the 发票已开具 message. The simulator answers 202 for ${plan.sandbox.issueDelayMs} ms per invoice; the bot runs its real timing. Bound = provider time + the first job poll interval (DEFAULT_TIMING.jobPoll.initialMs) = ${ms(pipeline.boundMs)}. Provider calls from the simulator's call log (\`/__sandbox/calls\`), log-in and face auth before the pipeline not counted.${pipeline.errors.length ? ` Errors: ${pipeline.errors.join('; ')}` : ''}`,
    ],
    columns: ['invoices', 'completed', 'p50', 'p95', 'max', 'bound', '1.2 × bound', 'provider calls', 'calls / invoice', 'calls by endpoint'],
    rows: [
      [
        String(pipeline.invoices),
        String(pipeline.completed),
        ms(pipeline.p50Ms),
        ms(pipeline.p95Ms),
        ms(pipeline.maxMs),
        ms(pipeline.boundMs),
        ms(limitMs),
        String(pipeline.providerCalls),
        callsPerInvoice.toFixed(2),
        byPath,
      ],
    ],
    targets: [
      {
        name: 'pipeline: click → invoice message, slowest of all',
        target: `≤ 1.2 × bound = ${ms(limitMs)}`,
        measured: `max ${ms(pipeline.maxMs)} (p50 ${ms(pipeline.p50Ms)}, p95 ${ms(pipeline.p95Ms)}), ${pipeline.completed}/${pipeline.invoices} done`,
        met: allDone && pipeline.maxMs <= limitMs,
      },
      {
        name: 'pipeline: provider calls per invoice',
        target: `≤ ${MAX_CALLS_PER_INVOICE}`,
        measured: callsPerInvoice.toFixed(2),
        met: allDone && callsPerInvoice <= MAX_CALLS_PER_INVOICE,
      },
    ],
  };
}
