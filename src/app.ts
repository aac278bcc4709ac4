/**
 * The composition root: config → store, provider, chat senders, workflows, command router, HTTP receivers.
 * `startBot` is what `npm start` runs and what the end-to-end tests start (and restart) against loopback fakes.
 */
import cron from 'node-cron';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createJumdataProvider, type JumdataProviderOptions } from './api/jumdata/client.js';
import type { TaxProvider } from './api/provider.js';
import { createDeliveryPipeline } from './bot/delivery.js';
import { createInboundHandler } from './bot/dispatch.js';
import { platformAdapters } from './bot/adapters.js';
import type { ChatSender, PlatformName } from './bot/platform.js';
import { createCommandRouter } from './commands/index.js';
import { ConfigError, type Config } from './config.js';
import { DEFAULT_TIMING, type FlowContext, type FlowTiming } from './flows/context.js';
import { createFlows, type Flows } from './flows/index.js';
import { createInvoiceQueryFlow } from './flows/invoice-query.js';
import { createScheduler } from './flows/scheduler.js';
import { createLogger } from './logger.js';
import { mountSandbox, SANDBOX_PREFIX } from './sandbox-mount.js';
import { createHttpApp } from './server.js';
import { openStore } from './store/db.js';
import { createActionTokens } from './store/action-tokens.js';
import { createInbox } from './store/inbox.js';
import { createJobRepository } from './store/jobs.js';
import { createSentLedger } from './store/sent-messages.js';
import { accountKey, createSessionRepository } from './store/sessions.js';

/** What tests (and only tests) change: faster polls, a quiet logger, a fake clock. */
export interface BotOverrides {
  logger?: Logger;
  timing?: Partial<FlowTiming>;
  now?: () => number;
  provider?: Partial<JumdataProviderOptions>;
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
  /** Deliveries acknowledged and not yet handled (a flooded chat's replies wait for its send rate). */
  backlog(): number;
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
  const now = overrides.now ?? Date.now;
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
      ...overrides.provider,
    });
  } else if (config.provider.kind === 'jumdata') {
    provider = createJumdataProvider({
      baseUrl: config.provider.baseUrl,
      appId: config.provider.appId,
      appSecret: config.provider.appSecret,
      logger: providerLogger,
      ...overrides.provider,
    });
  } else {
    server.close();
    throw new ConfigError('TAX_PROVIDER: kingdee is not supported yet; use jumdata or sandbox');
  }

  const actionTokens = createActionTokens(store, now);
  const adapters = platformAdapters(config, {
    logger,
    actionTokens,
    sentLedger: (platform) => createSentLedger(store, `${platform}_sent`, now),
    feishuNow: overrides.feishuNow,
    dingtalkNow: overrides.dingtalkNow,
  });
  const senders: Partial<Record<PlatformName, ChatSender>> = Object.fromEntries(adapters.map((adapter) => [adapter.name, adapter.sender]));

  const scheduler = createScheduler((key, error) => logger.error({ err: error, key }, 'scheduled task failed'));
  const flowContext: FlowContext = {
    provider,
    account: config.account,
    accountKey: accountKey(config.account),
    faceAuthApp: config.faceAuthApp,
    jobs: createJobRepository(store, now),
    sessions: createSessionRepository(store),
    senders,
    scheduler,
    logger: logger.child({ component: 'flows' }),
    now,
    timing: { ...DEFAULT_TIMING, ...overrides.timing },
  };
  const flows = createFlows(flowContext);
  const handle = createInboundHandler({
    actionTokens,
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

  const pipeline = createDeliveryPipeline({ inbox: createInbox(store, now), handle, logger });

  const app = createHttpApp({
    logger,
    healthy: () => store.isWritable(),
    before: sandbox ? [sandbox.middleware] : [],
    mount(router) {
      for (const adapter of adapters) adapter.mount?.(router, pipeline);
    },
  });
  server.on('request', app.callback());
  for (const adapter of adapters) {
    await adapter.start().catch((error: unknown) => logger.error({ err: error, platform: adapter.name }, 'platform did not start'));
  }
  flows.resume();
  // New buyer confirmations are posted by themselves. The check runs on the flows' scheduler, so stopping the bot
  // waits for one under way.
  const confirmationCheck = cron.schedule(
    config.confirmationCheckCron,
    () =>
      scheduler.schedule('confirmation-check', 0, async () => {
        try {
          const posted = await flows.incoming.check();
          if (posted > 0) logger.info({ posted }, 'posted new buyer confirmations');
        } catch (error) {
          logger.warn({ err: error }, 'confirmation check failed; the next one tries again');
        }
      }),
    { name: 'confirmation-check' },
  );
  const replayed = pipeline.replayPending();

  logger.info(
    {
      port,
      provider: provider.name,
      platforms: adapters.map((adapter) => adapter.name),
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
    close() {
      // Stop taking requests, let running handlers and timers finish, then flush: no accepted write is dropped.
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await pipeline.drain(overrides.drainTimeoutMs ?? 10_000);
        await confirmationCheck.destroy();
        await scheduler.stop();
        for (const adapter of adapters) await adapter.stop();
        server.closeAllConnections();
        await serverClosed;
        await store.close();
        await provider.close();
      })();
      return closing;
    },
  };
}
