/**
 * The provider factory table: one entry per TAX_PROVIDER, each turning its configuration into a TaxProvider (and,
 * for the sandbox, the in-process simulator to mount). A third provider is one more entry here.
 */
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { createJumdataProvider, type JumdataProviderOptions } from './api/jumdata/client.js';
import { createKingdeeProvider } from './api/kingdee/client.js';
import type { TaxProvider } from './api/provider.js';
import type { Config } from './config.js';
import { mountSandbox, SANDBOX_PREFIX } from './sandbox-mount.js';

/** Client knobs tests turn (faster back-off, a short retry budget); the ones both clients share go to every provider. */
export type ProviderOverrides = Partial<JumdataProviderOptions>;

export interface ProviderSetting {
  /** The bot's own port and public address: the sandbox lives on them. */
  port: number;
  publicUrl: string;
  logger: Logger;
  overrides: ProviderOverrides;
}

export interface BuiltProvider {
  provider: TaxProvider;
  /** Served on the bot's own port before everything else (the sandbox simulator). */
  middleware?: Middleware;
  /** A page of the simulator that answers (what it has issued), for the start-up log line. */
  sandboxUrl?: string;
}

type ProviderConfig = Config['provider'];
type Factory<K extends ProviderConfig['kind']> = (config: Extract<ProviderConfig, { kind: K }>, setting: ProviderSetting) => BuiltProvider;

/** The back-off and timeout knobs both clients understand. */
function sharedTuning(overrides: ProviderOverrides) {
  const { retryBudgetMs, retryBaseDelayMs, retryMaxDelayMs, connectTimeoutMs, responseTimeoutMs, sleep, now, random } = overrides;
  return Object.fromEntries(
    Object.entries({ retryBudgetMs, retryBaseDelayMs, retryMaxDelayMs, connectTimeoutMs, responseTimeoutMs, sleep, now, random }).filter(([, value]) => value !== undefined),
  );
}

const FACTORIES: { [K in ProviderConfig['kind']]: Factory<K> } = {
  sandbox: (_config, { port, publicUrl, logger, overrides }) => {
    const sandbox = mountSandbox(publicUrl);
    const provider = createJumdataProvider({
      baseUrl: `http://127.0.0.1:${port}${SANDBOX_PREFIX}`,
      appId: sandbox.appId,
      appSecret: sandbox.appSecret,
      logger,
      name: 'sandbox',
      ...overrides,
    });
    return { provider, middleware: sandbox.middleware, sandboxUrl: `${publicUrl}${SANDBOX_PREFIX}/__sandbox/invoices` };
  },
  jumdata: (config, { logger, overrides }) => ({
    provider: createJumdataProvider({ baseUrl: config.baseUrl, appId: config.appId, appSecret: config.appSecret, logger, ...overrides }),
  }),
  kingdee: (config, { logger, overrides }) => ({
    provider: createKingdeeProvider({
      baseUrl: config.baseUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      encryptKey: config.encryptKey,
      logger,
      ...sharedTuning(overrides),
    }),
  }),
};

export function buildProvider(config: ProviderConfig, setting: ProviderSetting): BuiltProvider {
  const factory = FACTORIES[config.kind] as Factory<typeof config.kind>;
  return factory(config as never, setting);
}
