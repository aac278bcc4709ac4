/** The platform adapters the configuration enables, one factory per platform. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { PlatformAdapter } from './adapter.js';
import { createFeishuAdapter } from './feishu/adapter.js';
import { createConsoleAdapter } from './console/adapter.js';
import type { Store } from '../store/db.js';

export interface AdapterOptions {
  logger: Logger;
  /** The Feishu receiver's clock (tests). */
  feishuNow?: () => number;
  /** Where the web chat keeps its conversation. */
  store: Store;
  /** The bot's clock. */
  now: () => number;
}

const FACTORIES: Array<(config: Config, options: AdapterOptions) => PlatformAdapter | undefined> = [
  (config, options) => (config.feishu ? createFeishuAdapter(config.feishu, { logger: options.logger, now: options.feishuNow }) : undefined),
  (config, options) =>
    config.console
      ? createConsoleAdapter(config.console, { logger: options.logger, store: options.store, now: options.now, sandbox: config.provider.kind === 'sandbox' })
      : undefined,
];

export function platformAdapters(config: Config, options: AdapterOptions): PlatformAdapter[] {
  return FACTORIES.map((factory) => factory(config, options)).filter((adapter): adapter is PlatformAdapter => adapter !== undefined);
}
