/**
 * DingTalk as a platform adapter: the OpenAPI client and sender, and how robot messages come in — the signed HTTP
 * callback (`DINGTALK_MODE=http`) or the stream connection (`stream`), which needs the pipeline and so opens in start().
 * With a card template (stream mode only) cards are interactive and their clicks come over the stream too.
 */
import type { Logger } from 'pino';
import type { DingTalkConfig } from '../../config.js';
import type { ActionTokens } from '../../store/action-tokens.js';
import type { CardChats } from '../../store/card-chats.js';
import type { SentLedger } from '../../store/sent-messages.js';
import type { PlatformAdapter } from '../adapter.js';
import type { DeliveryPipeline } from '../delivery.js';
import { createBotName } from './bot-name.js';
import { createCardInstances } from './card-instances.js';
import { DingTalkClient } from './openapi.js';
import { mountDingTalkRoutes } from './receiver.js';
import { createDingTalkSender } from './sender.js';
import { connectDingTalkStream, type DingTalkStream } from './stream.js';
import { createDingTalkUserDirectory } from './user-directory.js';

export interface DingTalkAdapterOptions {
  logger: Logger;
  /** Button tokens: a markdown card cannot call back, so each of its buttons is a link carrying one. */
  actionTokens: ActionTokens;
  /** Keys already sent: DingTalk has no idempotency field of its own. */
  ledger: SentLedger;
  /** Where each interactive card was sent (used with a card template). */
  cardChats: CardChats;
  /** The receiver's clock (the callback's one-hour window); tests pass a fake one. */
  now?: () => number;
}

export function createDingTalkAdapter(config: DingTalkConfig, options: DingTalkAdapterOptions): PlatformAdapter {
  const { logger } = options;
  const client = new DingTalkClient({ ...config, logger });
  let pipeline: DeliveryPipeline | undefined;
  let stream: DingTalkStream | undefined;
  const { cardTemplateId } = config;
  const cards = cardTemplateId
    ? createCardInstances({ client, robotCode: config.robotCode, templateId: cardTemplateId, chats: options.cardChats, logger })
    : undefined;
  const sender = createDingTalkSender({
    client,
    robotCode: config.robotCode,
    botName: createBotName({ configured: config.botName, client, robotCode: config.robotCode, logger }),
    tokens: options.actionTokens,
    ledger: options.ledger,
    logger,
    cards,
  });
  return {
    name: 'dingtalk',
    sender,
    directory: createDingTalkUserDirectory(client),
    mount(router, deliveries) {
      pipeline = deliveries;
      if (config.mode !== 'http') return;
      mountDingTalkRoutes(router, { appSecret: config.clientSecret, robotCode: config.robotCode, pipeline, logger, now: options.now });
    },
    async start() {
      if (config.mode !== 'stream') return;
      if (!pipeline) throw new Error('dingtalk stream mode needs the delivery pipeline: mount before start');
      stream = connectDingTalkStream({ ...config, pipeline, logger, cards: cards && { chats: options.cardChats, sender } });
    },
    async stop() {
      stream?.stop();
      await client.close();
    },
  };
}
