/** The platform adapters the configuration enables, one factory per platform. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { PlatformAdapter } from './adapter.js';
import { createFeishuAdapter } from './feishu/adapter.js';

export interface AdapterOptions {
  logger: Logger;
  /** The Feishu receiver's clock (tests). */
  feishuNow?: () => number;
}

const FACTORIES: Array<(config: Config, options: AdapterOptions) => PlatformAdapter | undefined> = [
  (config, options) => (config.feishu ? createFeishuAdapter(config.feishu, { logger: options.logger, now: options.feishuNow }) : undefined),
];

export function platformAdapters(config: Config, options: AdapterOptions): PlatformAdapter[] {
  return FACTORIES.map((factory) => factory(config, options)).filter((adapter): adapter is PlatformAdapter => adapter !== undefined);
}
