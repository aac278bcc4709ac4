/** The platform adapters the configuration enables, one factory per platform. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ActionTokens } from '../store/action-tokens.js';
import { createCardChats } from '../store/card-chats.js';
import type { Store } from '../store/db.js';
import type { SentLedger } from '../store/sent-messages.js';
import type { PlatformAdapter } from './adapter.js';
import { createDingTalkAdapter } from './dingtalk/adapter.js';
import { createFeishuAdapter } from './feishu/adapter.js';
import type { PlatformName } from './platform.js';
import { createConsoleAdapter } from './console/adapter.js';

export interface AdapterOptions {
  logger: Logger;
  /** The text form of buttons, for platforms whose cards cannot call back. */
  actionTokens: ActionTokens;
  /** A persisted ledger of sent keys, for platforms without an idempotency field. */
  sentLedger: (platform: PlatformName) => SentLedger;
  /** The Feishu receiver's clock (tests). */
  feishuNow?: () => number;
  /** The DingTalk receiver's clock (tests). */
  dingtalkNow?: () => number;
  /** Where the web chat keeps its conversation. */
  store: Store;
  /** The bot's clock. */
  now: () => number;
}

const FACTORIES: Array<(config: Config, options: AdapterOptions) => PlatformAdapter | undefined> = [
  (config, options) => (config.feishu ? createFeishuAdapter(config.feishu, { logger: options.logger, now: options.feishuNow }) : undefined),
  (config, { logger, actionTokens, sentLedger, dingtalkNow, store, now }) =>
    config.dingtalk
      ? createDingTalkAdapter(config.dingtalk, {
          logger,
          actionTokens,
          ledger: sentLedger('dingtalk'),
          cardChats: createCardChats(store, 'dingtalk_cards', now),
          now: dingtalkNow,
        })
      : undefined,
  (config, options) =>
    config.console
      ? createConsoleAdapter(config.console, { logger: options.logger, store: options.store, now: options.now, sandbox: config.provider.kind === 'sandbox' })
      : undefined,
];

export function platformAdapters(config: Config, options: AdapterOptions): PlatformAdapter[] {
  return FACTORIES.map((factory) => factory(config, options)).filter((adapter): adapter is PlatformAdapter => adapter !== undefined);
}
