/**
 * What the expiry check knows of each account's bureau login and face auth: the end of the one it last saw valid, and
 * which chats were warned about that end. One warning per expiry per chat, restarts included: a new login or a new
 * scan has a new end and starts a new record.
 */
import type { Store } from './db.js';

export type Expiring = 'login' | 'faceAuth';

export interface WatchedExpiry {
  /** When the login or face auth last seen valid ends (or ended). */
  expiresAt: number;
  /** Chats (store/chats.ts chatKey) that have the warning about this end. */
  warned: string[];
  /** Chats whose warning could not be posted, and how often it failed. */
  failures?: Record<string, number>;
}

export interface ExpiryWatchRepository {
  get(accountKey: string, what: Expiring): WatchedExpiry | undefined;
  /** Seen valid until `expiresAt`: a different end than the one recorded starts a new record, nobody warned yet. */
  seenValidUntil(accountKey: string, what: Expiring, expiresAt: number): Promise<WatchedExpiry>;
  warned(accountKey: string, what: Expiring, chat: string): Promise<void>;
  failed(accountKey: string, what: Expiring, chat: string): Promise<void>;
}

export function createExpiryWatchRepository(store: Store): ExpiryWatchRepository {
  const watched = store.table<WatchedExpiry>('expiryWatch');
  const key = (accountKey: string, what: Expiring) => `${accountKey}:${what}`;

  async function change(accountKey: string, what: Expiring, apply: (record: WatchedExpiry) => WatchedExpiry): Promise<void> {
    const record = watched.get(key(accountKey, what));
    if (record) await watched.put(key(accountKey, what), apply(record));
  }

  return {
    get: (accountKey, what) => watched.get(key(accountKey, what)),

    async seenValidUntil(accountKey, what, expiresAt) {
      const known = watched.get(key(accountKey, what));
      if (known?.expiresAt === expiresAt) return known;
      const fresh: WatchedExpiry = { expiresAt, warned: [] };
      await watched.put(key(accountKey, what), fresh);
      return fresh;
    },

    warned: (accountKey, what, chat) =>
      change(accountKey, what, (record) => ({ ...record, warned: [...record.warned, chat] })),

    failed: (accountKey, what, chat) =>
      change(accountKey, what, (record) => ({
        ...record,
        failures: { ...record.failures, [chat]: (record.failures?.[chat] ?? 0) + 1 },
      })),
  };
}
