/**
 * Where each card that calls back lives (DingTalk interactive cards): the card's id and the chat it was delivered to,
 * written before the card is delivered. A click names only its card and the person; the chat it runs in is the one
 * recorded here, so a callback for a card the bot never sent names no chat and runs nothing.
 */
import type { ChatRef } from '../bot/platform.js';
import type { Store } from './db.js';
import { expiringTable } from './expiring-table.js';

/** A card's buttons stay usable as long as a job can wait on them: longer than any approval or forgotten preview. */
export const CARD_CHAT_TTL_MS = 90 * 24 * 3600_000;

interface CardChatEntry {
  chat: ChatRef;
  at: number;
}

export interface CardChats {
  /** On disk when it resolves. */
  remember(cardId: string, chat: ChatRef): Promise<void>;
  /** The chat the card was delivered to; undefined for a card this bot did not send (or forgot). */
  chatOf(cardId: string): ChatRef | undefined;
}

/** `table` names the platform's own record, e.g. `dingtalk_cards`. */
export function createCardChats(store: Store, table: string, now: () => number = Date.now): CardChats {
  const entries = expiringTable<CardChatEntry>(store, table, CARD_CHAT_TTL_MS, now);
  return {
    remember: (cardId, chat) => entries.put(cardId, { chat, at: now() }),
    chatOf: (cardId) => entries.get(cardId)?.chat,
  };
}
