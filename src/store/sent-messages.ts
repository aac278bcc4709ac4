/**
 * The ledger of sends for a platform that has no idempotency field of its own (DingTalk): each idempotency key that
 * was posted, with the message id the platform gave. A send retried under a key found here posts nothing and answers
 * the first message. A key is written once the platform took the message: a crash between the two can still post a
 * message twice, which is the most a platform without idempotency allows.
 */
import type { Store } from './db.js';
import { expiringTable } from './expiring-table.js';

/** Retries of a send come within minutes, replays after a restart within days; a month covers both with room. */
export const SENT_LEDGER_TTL_MS = 30 * 24 * 3600_000;

interface SentEntry {
  messageId: string;
  at: number;
}

export interface SentLedger {
  /** The message already posted under `key`, if any. */
  find(key: string): string | undefined;
  /** On disk when it resolves. */
  remember(key: string, messageId: string): Promise<void>;
}

/** `table` names the platform's own ledger, e.g. `dingtalk_sent`. */
export function createSentLedger(store: Store, table: string, now: () => number = Date.now): SentLedger {
  const entries = expiringTable<SentEntry>(store, table, SENT_LEDGER_TTL_MS, now);
  return {
    find: (key) => entries.get(key)?.messageId,
    remember: (key, messageId) => entries.put(key, { messageId, at: now() }),
  };
}
