/**
 * The chats the bot is used in: when someone last used it there (a command, a click) and when that chat last asked
 * for an invoice or a refund. News nobody asked for goes by these: expiry warnings to every chat used lately, a
 * buyer's confirmation to the chat that asked last (flows/home-chat.ts). A busy chat costs one write an hour.
 */
import type { ChatRef } from '../bot/platform.js';
import type { Store } from './db.js';

interface ChatUse {
  chat: ChatRef;
  usedAt: number;
  /** Last invoice or refund request from this chat. */
  askedAt?: number;
}

export interface ChatRepository {
  /** Someone used the bot in `chat` at `at`. */
  used(chat: ChatRef, at: number): Promise<void>;
  /** `chat` asked for an invoice or a refund at `at` (a use too). */
  asked(chat: ChatRef, at: number): Promise<void>;
  /** Chats used at `since` or later, most recent first. */
  usedSince(since: number): ChatRef[];
  /** The chat that asked for an invoice or a refund last, if any did. */
  lastAsked(): ChatRef | undefined;
}

/** Use times are kept to the hour: lately-used windows are days long, and every message must not cost a write. */
const USE_RESOLUTION_MS = 3600_000;

export const chatKey = (chat: ChatRef): string => `${chat.platform}:${chat.chatId}`;

export function createChatRepository(store: Store): ChatRepository {
  const chats = store.table<ChatUse>('chats');

  function lastAsked(): ChatUse | undefined {
    let last: ChatUse | undefined;
    for (const use of chats.values()) if (use.askedAt !== undefined && use.askedAt > (last?.askedAt ?? -Infinity)) last = use;
    return last;
  }

  return {
    async used(chat, at) {
      const known = chats.get(chatKey(chat));
      if (known && at - known.usedAt < USE_RESOLUTION_MS) return;
      await chats.put(chatKey(chat), { ...known, chat, usedAt: at });
    },

    async asked(chat, at) {
      const key = chatKey(chat);
      const known = chats.get(key);
      // Written only when the answer to "who asked last" changes, or the use time is stale.
      if (known && lastAsked() === known && at - known.usedAt < USE_RESOLUTION_MS) return;
      await chats.put(key, { chat, usedAt: at, askedAt: at });
    },

    usedSince: (since) =>
      [...chats.values()]
        .filter((use) => use.usedAt >= since)
        .sort((a, b) => b.usedAt - a.usedAt)
        .map((use) => use.chat),

    lastAsked: () => lastAsked()?.chat,
  };
}
