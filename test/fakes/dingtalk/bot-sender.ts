/**
 * The bot's DingTalk sender as the adapter builds it, pointed at the fake: for tests of the sender and the stream
 * that need one without starting the whole bot. A second one on the same store is the bot after a restart.
 */
import type { Logger } from 'pino';
import { createBotName } from '../../../src/bot/dingtalk/bot-name.js';
import { createCardInstances } from '../../../src/bot/dingtalk/card-instances.js';
import { DingTalkClient } from '../../../src/bot/dingtalk/openapi.js';
import { createDingTalkSender } from '../../../src/bot/dingtalk/sender.js';
import type { ChatSender } from '../../../src/bot/platform.js';
import { createActionTokens } from '../../../src/store/action-tokens.js';
import { createCardChats, type CardChats } from '../../../src/store/card-chats.js';
import type { Store } from '../../../src/store/db.js';
import { createSentLedger } from '../../../src/store/sent-messages.js';
import type { FakeDingTalk } from './platform.js';

export interface BotSenderOptions {
  logger: Logger;
  clientSecret?: string;
  /** Interactive cards of this template; absent = markdown cards. */
  templateId?: string;
  /** Waits between rate-limit retries. */
  sleep?: (ms: number) => Promise<void>;
  /** DINGTALK_BOT_NAME; default the fake's robot name, `null` = unset (read from the group's robot list). */
  botName?: string | null;
}

export interface BotSender {
  sender: ChatSender;
  /** Where each interactive card was sent. */
  chats: CardChats;
  /** Close it when done. */
  client: DingTalkClient;
}

export function botSender(fake: FakeDingTalk, store: Store, options: BotSenderOptions): BotSender {
  const { logger, templateId } = options;
  const client = new DingTalkClient({
    clientId: fake.clientId,
    clientSecret: options.clientSecret ?? fake.clientSecret,
    apiBase: fake.url,
    oapiBase: fake.url,
    logger,
    sleep: options.sleep,
  });
  const chats = createCardChats(store, 'dingtalk_cards');
  const sender = createDingTalkSender({
    client,
    robotCode: fake.robotCode,
    botName: createBotName({ configured: options.botName === null ? undefined : (options.botName ?? fake.botName), client, robotCode: fake.robotCode, logger }),
    tokens: createActionTokens(store),
    ledger: createSentLedger(store, 'dingtalk_sent'),
    logger,
    cards: templateId ? createCardInstances({ client, robotCode: fake.robotCode, templateId, chats, logger }) : undefined,
  });
  return { sender, chats, client };
}
