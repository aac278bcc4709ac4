/**
 * The web chat's conversation: every message the bot and the people in it posted, kept in the store so a reload and
 * a restart show the same history. Each change gets the next revision number; a page asks for what changed after the
 * last revision it saw, so live updates, reconnects and a fresh page are one mechanism.
 */
import { createHash } from 'node:crypto';
import type { Card, UserRef } from '../bot/platform.js';
import type { Store } from './db.js';

/** A card as stored: its image as base64, since JSON has no bytes. */
export type StoredCard = Omit<Card, 'image'> & { image?: { png: string; alt: string } };

export interface ConsoleMessage {
  id: string;
  chatId: string;
  /** Bumped on every change (a card update too): the order pages replay. */
  rev: number;
  at: number;
  /** Who typed it; absent = the bot. */
  from?: Required<UserRef>;
  text?: string;
  /** A PNG image message, base64. */
  png?: string;
  card?: StoredCard;
}

export type NewConsoleMessage = Pick<ConsoleMessage, 'chatId' | 'from' | 'text' | 'png' | 'card'>;

export interface ConsoleMessages {
  /** Posts once per idempotency key: a retried send answers the message the first one made. */
  append(idempotencyKey: string, message: NewConsoleMessage): Promise<ConsoleMessage>;
  /** Replaces a card's content (a card update); undefined when there is no such card. */
  replaceCard(id: string, card: StoredCard): Promise<ConsoleMessage | undefined>;
  get(id: string): ConsoleMessage | undefined;
  /** Messages changed after revision `rev`, oldest change first. */
  changedSince(rev: number): ConsoleMessage[];
  /** Calls `listener` with each change from now on; returns the unsubscribe. */
  subscribe(listener: (message: ConsoleMessage) => void): () => void;
}

/** A demo chat, not an archive: the oldest messages go once there are more. */
export const MAX_CONSOLE_MESSAGES = 2_000;

const idFor = (idempotencyKey: string) => `cm_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 20)}`;

export function createConsoleMessages(store: Store, now: () => number = Date.now): ConsoleMessages {
  const table = store.table<ConsoleMessage>('console_messages');
  let lastRev = Math.max(0, ...[...table.values()].map((message) => message.rev));
  const listeners = new Set<(message: ConsoleMessage) => void>();

  async function save(message: ConsoleMessage): Promise<ConsoleMessage> {
    await table.put(message.id, message);
    for (const listener of listeners) listener(message);
    return message;
  }

  async function trim(): Promise<void> {
    if (table.size <= MAX_CONSOLE_MESSAGES) return;
    const oldest = [...table.values()].sort((a, b) => a.at - b.at || a.rev - b.rev).slice(0, table.size - MAX_CONSOLE_MESSAGES);
    for (const message of oldest) await table.delete(message.id);
  }

  return {
    async append(idempotencyKey, message) {
      const id = idFor(idempotencyKey);
      const known = table.get(id);
      if (known) return known;
      const saved = await save({ ...message, id, rev: ++lastRev, at: now() });
      await trim();
      return saved;
    },
    async replaceCard(id, card) {
      const known = table.get(id);
      if (!known?.card) return undefined;
      return save({ ...known, card, rev: ++lastRev });
    },
    get: (id) => table.get(id),
    changedSince: (rev) => [...table.values()].filter((message) => message.rev > rev).sort((a, b) => a.rev - b.rev),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
