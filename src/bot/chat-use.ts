/**
 * Marks the chat of every delivery addressed to the bot (a click, a message in a private chat, a mention in a group)
 * as used, before handling it. A failure to record is logged and never stops the handling.
 */
import type { Logger } from 'pino';
import type { ChatRef, Inbound, InboundHandler } from './platform.js';

const addressesTheBot = (inbound: Inbound): boolean =>
  inbound.kind === 'action' || inbound.chat.chatType === 'p2p' || inbound.mentioned;

export function recordChatUse(handle: InboundHandler, record: (chat: ChatRef) => Promise<void>, logger: Logger): InboundHandler {
  return async (inbound) => {
    if (addressesTheBot(inbound)) {
      await record(inbound.chat).catch((error: unknown) =>
        logger.warn({ err: error, chat: inbound.chat.chatId }, 'could not record that the chat used the bot'),
      );
    }
    return handle(inbound);
  };
}
