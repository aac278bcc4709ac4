/**
 * The Feishu `ChatSender`: text, image and card messages into a chat, and card updates, through the SDK client.
 * Every send carries a `uuid` derived from the caller's idempotency key, so a retried send posts once.
 * Sends are paced per chat and card updates per message to stay under Feishu's frequency limits; updates of one card
 * that pile up are coalesced so only the newest state is sent.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { Card, CardUpdatingSender, ChatRef, SentMessage } from '../platform.js';
import { renderFeishuCard } from './card-renderer.js';
import { clearTenantToken } from './client.js';
import { callFeishu, FeishuApiError, type FeishuCallContext } from './feishu-call.js';
import { LatestWins } from '../latest-wins.js';
import { messageUuid } from './message-uuid.js';
import { SendPacer, type PaceLimit } from './send-pacer.js';
import { feishuTextContent } from './text-content.js';

/** PATCH of one message: "单条消息更新频控为 5 QPS" (im/v1/messages/:id PATCH docs). */
export const CARD_UPDATES_PER_MESSAGE: PaceLimit = { limit: 5, windowMs: 1_000 };
/** Messages into one group: 5 QPS, shared by every bot in it (so other bots may still trigger 230020: retried). */
export const SENDS_PER_CHAT: PaceLimit = { limit: 5, windowMs: 1_000 };

export interface FeishuSenderDeps {
  client: lark.Client;
  logger: Logger;
  /** Waits between rate-limit retries; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** Rate-limit retries per call (default 3). */
  maxRetries?: number;
  /** The pacing clock; tests pass a fake one together with `sleep`. */
  now?: () => number;
}

type MessageType = 'text' | 'image' | 'interactive';

export function createFeishuSender(deps: FeishuSenderDeps): CardUpdatingSender {
  const { client } = deps;
  const logger = deps.logger.child({ component: 'feishu-sender' });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const context: FeishuCallContext = {
    client,
    logger,
    sleep,
    maxRetries: deps.maxRetries ?? 3,
    clearToken: () => clearTenantToken(client),
  };
  const clock = { now: deps.now ?? Date.now, sleep };
  const chatPacer = new SendPacer(SENDS_PER_CHAT, clock);
  const messagePacer = new SendPacer(CARD_UPDATES_PER_MESSAGE, clock);
  const cardUpdates = new LatestWins<{ chat: ChatRef; card: Card }>((messageId, { chat, card }) =>
    patchCard(chat, messageId, card),
  );

  async function uploadImage(png: Buffer): Promise<string> {
    const body = await callFeishu(context, 'im.image.create', async () => {
      // The SDK unwraps `data` and answers null when the platform gave no image_key.
      const data = await client.im.image.create({ data: { image_type: 'message', image: png } });
      return data?.image_key ? { code: 0, data } : { code: -1, msg: 'no image_key in answer' };
    });
    return body.data!.image_key!;
  }

  async function send(chat: ChatRef, msgType: MessageType, content: unknown, idempotencyKey: string): Promise<SentMessage> {
    const uuid = messageUuid(idempotencyKey);
    const body = await callFeishu(context, `im.message.create(${msgType})`, () =>
      client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: chat.chatId, msg_type: msgType, content: JSON.stringify(content), uuid },
      }),
      (once) => chatPacer.run(chat.chatId, once),
    );
    const messageId = body.data?.message_id;
    if (!messageId) throw new FeishuApiError(`im.message.create(${msgType})`, { code: 0, msg: 'no message_id in answer' });
    logger.debug({ chatId: chat.chatId, msgType, messageId, uuid }, 'feishu message sent');
    return { messageId };
  }

  async function renderWithImage(card: Card) {
    const imageKey = card.image ? await uploadImage(card.image.png) : undefined;
    return renderFeishuCard(card, { imageKey });
  }

  async function patchCard(chat: ChatRef, messageId: string, card: Card): Promise<void> {
    const content = JSON.stringify(await renderWithImage(card));
    await callFeishu(
      context,
      'im.message.patch',
      () => client.im.message.patch({ path: { message_id: messageId }, data: { content } }),
      (once) => messagePacer.run(messageId, once),
    );
    logger.debug({ chatId: chat.chatId, messageId }, 'feishu card updated');
  }

  return {
    platform: 'feishu',
    sendText: (chat, text, idempotencyKey) => send(chat, 'text', { text: feishuTextContent(text) }, idempotencyKey),
    async sendImage(chat, png, idempotencyKey) {
      const imageKey = await uploadImage(png);
      return send(chat, 'image', { image_key: imageKey }, idempotencyKey);
    },
    async sendCard(chat, card, idempotencyKey) {
      return send(chat, 'interactive', await renderWithImage(card), idempotencyKey);
    },
    updateCard: (chat, messageId, card) => cardUpdates.submit(messageId, { chat, card }),
  };
}
