/**
 * The composition root: config → store, provider, chat senders, workflows, command router, HTTP receivers.
 * `startBot` is what `npm start` runs and what the end-to-end tests start (and restart) against loopback fakes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createJumdataProvider, type JumdataProviderOptions } from './api/jumdata/client.js';
import type { TaxProvider } from './api/provider.js';
import { recordChatUse } from './bot/chat-use.js';
import { createDeliveryPipeline } from './bot/delivery.js';
import { createInboundHandler } from './bot/dispatch.js';
import { createFeishuClient, fetchBotOpenId } from './bot/feishu/client.js';
import { mountFeishuRoutes } from './bot/feishu/receiver.js';
import { createFeishuSender } from './bot/feishu/sender.js';
import type { ChatSender, PlatformName } from './bot/platform.js';
import { wallClock, type Clock } from './clock.js';
import { createCommandRouter } from './commands/index.js';
import { ConfigError, type Config } from './config.js';
import { DEFAULT_TIMING, type FlowContext, type FlowTiming } from './flows/context.js';
import { noteChatUse } from './flows/home-chat.js';
import { createFlows, type Flows } from './flows/index.js';
import { createInvoiceQueryFlow } from './flows/invoice-query.js';
import { startScheduledChecks } from './flows/scheduled-checks.js';
import { createScheduler } from './flows/scheduler.js';
import { createLogger } from './logger.js';
import { mountSandbox, SANDBOX_PREFIX } from './sandbox-mount.js';
import { createHttpApp } from './server.js';
import { createChatRepository } from './store/chats.js';
import { createCronRunLog } from './store/cron-runs.js';
import { openStore } from './store/db.js';
import { createExpiryWatchRepository } from './store/expiry-watch.js';
import { createInbox } from './store/inbox.js';
import { createJobRepository } from './store/jobs.js';
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
  provider?: Partial<JumdataProviderOptions>;
  /** Feishu receiver clock (replay window). */
  feishuNow?: () => number;
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

  // Listen first: in sandbox mode the provider client talks to the simulator on this very port.
  const server = createServer();
  const port = await listen(server, config.port, overrides.host);
  const publicUrl = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;

  let provider: TaxProvider;
  const sandbox = config.provider.kind === 'sandbox' ? mountSandbox(publicUrl) : undefined;
  const providerLogger = logger.child({ component: 'provider' });
  if (sandbox) {
    provider = createJumdataProvider({
      baseUrl: `http://127.0.0.1:${port}${SANDBOX_PREFIX}`,
      appId: sandbox.appId,
      appSecret: sandbox.appSecret,
      logger: providerLogger,
      name: 'sandbox',
      now,
      ...overrides.provider,
    });
  } else if (config.provider.kind === 'jumdata') {
    provider = createJumdataProvider({
      baseUrl: config.provider.baseUrl,
      appId: config.provider.appId,
      appSecret: config.provider.appSecret,
      logger: providerLogger,
      now,
      ...overrides.provider,
    });
  } else {
    server.close();
    throw new ConfigError('TAX_PROVIDER: kingdee is not supported yet; use jumdata or sandbox');
  }

  const senders: Partial<Record<PlatformName, ChatSender>> = {};
  let botOpenId: string | undefined;
  const feishuClient = config.feishu ? createFeishuClient({ ...config.feishu, logger }) : undefined;
  if (feishuClient) {
    senders.feishu = createFeishuSender({ client: feishuClient, logger });
    // Who the bot is, to tell a mention of the bot from mentions of others; until known, any mention counts.
    fetchBotOpenId(feishuClient, logger)
      .then((id) => (botOpenId = id))
      .catch((error: unknown) => logger.warn({ err: error }, 'could not fetch the Feishu bot open_id'));
  }

  const scheduler = createScheduler({
    clock,
    cronRuns: createCronRunLog(store),
    onError: (key, error) => logger.error({ err: error, key }, 'scheduled task failed'),
    onSkipped: (name) => logger.warn({ task: name }, 'cron task still running at its next time; that time is skipped'),
  });
  const flowContext: FlowContext = {
    provider,
    account: config.account,
    accountKey: accountKey(config.account),
    faceAuthApp: config.faceAuthApp,
    jobs: createJobRepository(store, now),
    sessions: createSessionRepository(store),
    chats: createChatRepository(store),
    senders,
    scheduler,
    logger: logger.child({ component: 'flows' }),
    now,
    timing: { ...DEFAULT_TIMING, ...overrides.timing },
  };
  const flows = createFlows(flowContext);
  const routed = createInboundHandler({
    router: createCommandRouter(),
    services: {
      flows,
      flowContext,
      invoiceQuery: createInvoiceQueryFlow(flowContext),
      approvers: config.approvers,
      allowedUsers: config.allowedUsers,
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
    before: sandbox ? [sandbox.middleware] : [],
    mount(router) {
      if (config.feishu) {
        mountFeishuRoutes(router, {
          appId: config.feishu.appId,
          encryptKey: config.feishu.encryptKey,
          verificationToken: config.feishu.verificationToken,
          pipeline,
          logger,
          botOpenId: () => botOpenId,
          now: overrides.feishuNow,
        });
      }
    },
  });
  server.on('request', app.callback());
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
      feishu: Boolean(config.feishu),
      replayed,
      sandboxUrl: sandbox ? `${publicUrl}${SANDBOX_PREFIX}/__sandbox/` : undefined,
    },
    'fapiao-bot listening',
  );

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    flows,
    provider,
    backlog: () => pipeline.backlog(),
    idle: () => scheduler.idle(),
    close() {
      // Stop taking requests, let running handlers and timers finish, then flush: no accepted write is dropped.
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await pipeline.drain(overrides.drainTimeoutMs ?? 10_000);
        await scheduler.stop();
        server.closeAllConnections();
        await serverClosed;
        await store.close();
        await provider.close();
      })();
      return closing;
    },
  };
}
