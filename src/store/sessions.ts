/**
 * What the bot keeps of each seller account's bureau session: a pending SMS login and the face-auth QR in flight,
 * so that a restart resumes a half-done login or scan. Expiry times are not kept here: the provider's
 * `sessionState` is their one source.
 */
import type { FaceAuthApp, TaxAccount } from '../api/provider.js';
import type { ChatRef } from '../bot/platform.js';
import type { Store } from './db.js';

export interface PendingFaceAuth {
  authId: string;
  app: FaceAuthApp;
  /** Where the QR was posted, and so where the result is told. */
  chat: ChatRef;
  startedAt: number;
  qrMessageId?: string;
}

export interface AccountSession {
  /** A login waiting for its SMS code. */
  smsTaskId?: string;
  smsRequestedAt?: number;
  faceAuth?: PendingFaceAuth;
}

export function accountKey(account: TaxAccount): string {
  return `${account.nsrsbh}:${account.gryhm}`;
}

export interface SessionRepository {
  get(key: string): AccountSession;
  update(key: string, patch: Partial<AccountSession>): Promise<AccountSession>;
  /** Removes fields (e.g. the finished face auth); written before it returns. */
  clear(key: string, fields: readonly (keyof AccountSession)[]): Promise<void>;
  all(): [string, AccountSession][];
}

export function createSessionRepository(store: Store): SessionRepository {
  const sessions = store.table<AccountSession>('sessions');
  return {
    get: (key) => sessions.get(key) ?? {},
    async update(key, patch) {
      const session = { ...(sessions.get(key) ?? {}), ...patch };
      await sessions.put(key, session);
      return session;
    },
    async clear(key, fields) {
      const session = sessions.get(key);
      if (!session) return;
      const rest = { ...session };
      for (const field of fields) delete rest[field];
      await sessions.put(key, rest);
    },
    all: () => [...sessions.entries()],
  };
}
