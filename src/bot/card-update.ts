/**
 * Showing a card's new state on whatever the platform allows: an update of the message where the sender can, else
 * the new state posted as a new message (its idempotency key names the state, so a retry posts it once). Returns the
 * id of the message that now shows the card.
 */
import type { Card, ChatRef, ChatSender } from './platform.js';

export async function showCardState(
  sender: ChatSender,
  chat: ChatRef,
  messageId: string,
  card: Card,
  idempotencyKey: string,
): Promise<string> {
  if (sender.updateCard) {
    await sender.updateCard(chat, messageId, card);
    return messageId;
  }
  return (await sender.sendCard(chat, card, idempotencyKey)).messageId;
}
