/**
 * The web chat's `ChatSender`: a send is a message in the console's stored conversation (pages hear of it live), and
 * a card update replaces the card in place, as Feishu does. The idempotency key names the message, so a retried send
 * posts once.
 */
import type { ConsoleMessages, StoredCard } from '../../store/console-messages.js';
import type { Card, CardUpdatingSender } from '../platform.js';

export function storedCard(card: Card): StoredCard {
  const { image, ...rest } = card;
  return image ? { ...rest, image: { png: image.png.toString('base64'), alt: image.alt } } : rest;
}

export function createConsoleSender(messages: ConsoleMessages): CardUpdatingSender {
  return {
    platform: 'console',
    async sendText(chat, text, idempotencyKey) {
      return { messageId: (await messages.append(idempotencyKey, { chatId: chat.chatId, text })).id };
    },
    async sendImage(chat, png, idempotencyKey) {
      return { messageId: (await messages.append(idempotencyKey, { chatId: chat.chatId, png: png.toString('base64') })).id };
    },
    async sendCard(chat, card, idempotencyKey) {
      return { messageId: (await messages.append(idempotencyKey, { chatId: chat.chatId, card: storedCard(card) })).id };
    },
    async updateCard(chat, messageId, card) {
      const known = messages.get(messageId);
      if (!known || known.chatId !== chat.chatId) throw new Error(`console: no card ${messageId} in chat ${chat.chatId}`);
      await messages.replaceCard(messageId, storedCard(card));
    },
  };
}
