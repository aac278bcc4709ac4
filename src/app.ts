/**
 * The composition root: config → store, provider, chat senders, workflows, command router, HTTP receivers.
 * `startBot` is what `npm start` runs and what the end-to-end tests start (and restart) against loopback fakes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { TaxProvider } from './api/provider.js';
import { auditedJobs } from './audit/audited-jobs.js';
import { auditedProvider } from './audit/audited-provider.js';
import { createAuditTrail } from './audit/trail.js';
import { recordChatUse } from './bot/chat-use.js';
import { createDeliveryPipeline } from './bot/delivery.js';
import { createInboundHandler } from './bot/dispatch.js';
import { platformAdapters } from './bot/adapters.js';
import type { ChatSender, PlatformName, UserDirectory } from './bot/platform.js';
import { createUserNames } from './bot/user-names.js';
import { wallClock, type Clock } from './clock.js';
import { createCommandRouter } from './commands/index.js';
import type { Config } from './config.js';
import { DEFAULT_TIMING, type FlowContext, type FlowTiming } from './flows/context.js';
import { noteChatUse } from './flows/home-chat.js';
import { createFlows, type Flows } from './flows/index.js';
import { createInvoiceQueryFlow } from './flows/invoice-query.js';
import { startScheduledChecks } from './flows/scheduled-checks.js';
import { createScheduler } from './flows/scheduler.js';
import { createLogger } from './logger.js';
import { buildProvider, type ProviderOverrides } from './provider-factory.js';
import { createHttpApp } from './server.js';
import { AuditLog } from './store/audit-log.js';
import { createApproverRepository } from './store/approvers.js';
import { createChatRepository } from './store/chats.js';
import { createCronRunLog } from './store/cron-runs.js';
import { openStore } from './store/db.js';
import { createActionTokens } from './store/action-tokens.js';
import { createExpiryWatchRepository } from './store/expiry-watch.js';
import { createInbox } from './store/inbox.js';
import { createJobRepository } from './store/jobs.js';
import { createSentLedger } from './store/sent-messages.js';
import { accountKey, createSessionRepository } from './store/sessions.js';
import { createStuckReportRepository } from './store/stuck-reports.js';

/** What tests (and only tests) change: faster polls, a quiet logger, a fake clock. */
export interface BotOverrides {
  logger?: Logger;
  timing?: Partial<FlowTiming>;
  /** The bot's clock: store, jobs, timers and cron tasks, and the provider client's token expiry. */
  clock?: Clock;
  /** Only the clock's reading (timers stay real); ignored when `clock` is given. */
  now?: () => number;
  provider?: ProviderOverrides;
  /** Feishu receiver clock (replay window). */
  feishuNow?: () => number;
  /** DingTalk receiver clock (the callback's one-hour window). */
  dingtalkNow?: () => number;
  /** Host to listen on; default all interfaces. */
  host?: string;
  /** How long shutdown waits for running handlers (default 10 s); the rest run again on the next start. */
  drainTimeoutMs?: number;
}

export interface RunningBot {
  url: string;
  port: number;
  flows: Flows;
  provider: TaxProvider;
  /** The chat platforms listening, for the start-up banner. */
  platforms: PlatformName[];
  /** Deliveries acknowledged and not yet handled (a flooded chat's replies wait for its send rate). */
  backlog(): number;
  /** Resolves once no scheduled task (poll, watcher, cron run) is running: tests call it after moving the clock. */
  idle(): Promise<void>;
  /** Stops timers and the server; the store keeps everything for the next start. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? wallClock(overrides.now);
  const now = () => clock.now();
  const store = await openStore(config.dataDir, { logger, now });
  const auditLog = await AuditLog.open(config.dataDir);
  const audit = createAuditTrail(auditLog, now, logger.child({ component: 'audit' }));

  // Listen first: in sandbox mode the provider client talks to the simulator on this very port.
  const server = createServer();
  const port = await listen(server, config.port, overrides.host);
  const publicUrl = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;

  let built;
  try {
    built = buildProvider(config.provider, { port, publicUrl, logger: logger.child({ component: 'provider' }), overrides: { now, ...overrides.provider } });
  } catch (error) {
    server.close();
    throw error;
  }
  const bareProvider = built.provider;

  const actionTokens = createActionTokens(store, now);
  const adapters = platformAdapters(config, {
    logger,
    actionTokens,
    sentLedger: (platform) => createSentLedger(store, `${platform}_sent`, now),
    feishuNow: overrides.feishuNow,
    dingtalkNow: overrides.dingtalkNow,
    store,
    now,
  });
  const senders: Partial<Record<PlatformName, ChatSender>> = Object.fromEntries(adapters.map((adapter) => [adapter.name, adapter.sender]));
  const directories: Partial<Record<PlatformName, UserDirectory>> = Object.fromEntries(
    adapters.flatMap((adapter) => (adapter.directory ? [[adapter.name, adapter.directory]] : [])),
  );

  const scheduler = createScheduler({
    clock,
    cronRuns: createCronRunLog(store),
    onError: (key, error) => logger.error({ err: error, key }, 'scheduled task failed'),
    onSkipped: (name) => logger.warn({ task: name }, 'cron task still running at its next time; that time is skipped'),
  });
  // Every request, state change and submission leaves an audit line, without the workflows knowing of it.
  const jobs = auditedJobs(createJobRepository(store, now), audit);
  const provider = auditedProvider(bareProvider, audit, jobs);
  const approvers = createApproverRepository(store, config.approvers, now);
  const flowContext: FlowContext = {
    provider,
    account: config.account,
    accountKey: accountKey(config.account),
    faceAuthApp: config.faceAuthApp,
    jobs,
    sessions: createSessionRepository(store),
    chats: createChatRepository(store),
    senders,
    approvers,
    names: createUserNames({ directories, logger: logger.child({ component: 'names' }), now }),
    scheduler,
    logger: logger.child({ component: 'flows' }),
    now,
    timing: { ...DEFAULT_TIMING, ...overrides.timing },
  };
  const flows = createFlows(flowContext);
  const routed = createInboundHandler({
    actionTokens,
    router: createCommandRouter(),
    services: {
      flows,
      flowContext,
      invoiceQuery: createInvoiceQueryFlow(flowContext),
      approvers,
      allowedUsers: config.allowedUsers,
      botAdmins: config.botAdmins,
      audit,
    },
    senders,
    logger,
  });
  // Every command or click marks its chat as used: expiry warnings go to the chats used lately.
  const handle = recordChatUse(routed, (chat) => noteChatUse(flowContext, chat), logger);

  const pipeline = createDeliveryPipeline({ inbox: createInbox(store, now), handle, logger });

  const app = createHttpApp({
    logger,
    healthy: () => store.isWritable(),
    before: built.middleware ? [built.middleware] : [],
    mount(router) {
      for (const adapter of adapters) adapter.mount?.(router, pipeline);
    },
  });
  server.on('request', app.callback());
  for (const adapter of adapters) {
    await adapter.start().catch((error: unknown) => logger.error({ err: error, platform: adapter.name }, 'platform did not start'));
  }
  flows.resume();
  startScheduledChecks(flowContext, flows, {
    confirmationCheckCron: config.confirmationCheckCron,
    expiryCheckCron: config.expiryCheckCron,
    expiryWarnMs: config.expiryWarnMinutes * 60_000,
    stuckJobMs: config.stuckJobMinutes * 60_000,
    expiryWatch: createExpiryWatchRepository(store),
    stuckReports: createStuckReportRepository(store),
  });
  const replayed = pipeline.replayPending();

  logger.info(
    {
      port,
      provider: provider.name,
      platforms: adapters.map((adapter) => adapter.name),
      replayed,
      sandboxUrl: built.sandboxUrl,
    },
    'fapiao-bot listening',
  );

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    flows,
    provider,
    platforms: adapters.map((adapter) => adapter.name),
    backlog: () => pipeline.backlog(),
    idle: () => scheduler.idle(),
    close() {
      // Stop taking requests, let running handlers and timers finish, then flush: no accepted write is dropped.
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await pipeline.drain(overrides.drainTimeoutMs ?? 10_000);
        await scheduler.stop();
        for (const adapter of adapters) await adapter.stop();
        server.closeAllConnections();
        await serverClosed;
        await store.close();
        await auditLog.close();
        await provider.close();
      })();
      return closing;
    },
  };
}
