/**
 * What the bot keeps of each seller account's bureau session: a pending SMS login and the face-auth QR in flight,
 * so that a restart resumes a half-done login or scan. Expiry times are not kept here: the provider's
 * `sessionState` is their one source.
 */
import type { FaceAuthApp, TaxAccount } from '../api/provider.js';
import type { ChatRef } from '../bot/platform.js';
import type { Store } from './db.js';

/** The QR image as the provider gave it: kept so that every waiting chat can be shown the same code. */
export interface StoredQr {
  pngBase64?: string;
  url?: string;
  /** No QR: where the clerk scans instead (the provider's own app or client). */
  where?: string;
}

/** One chat's QR card: the chat has been shown the QR and is told the result there. */
export interface QrPost {
  chat: ChatRef;
  messageId: string;
}

export interface PendingFaceAuth {
  authId: string;
  app: FaceAuthApp;
  /** The chat that asked for the QR first. */
  chat: ChatRef;
  startedAt: number;
  /** Absent in records written before copies existed: such a QR cannot be shown again, only replaced. */
  qr?: StoredQr;
  /** Every chat the QR card reached. A waiting chat not listed here (a crash before the post) is shown it on start. */
  posts?: QrPost[];
  /** Records written before `posts`: the QR card in `chat`. */
  qrMessageId?: string;
}

export interface AccountSession {
  /** A login waiting for its SMS code. */
  smsTaskId?: string;
  smsRequestedAt?: number;
  faceAuth?: PendingFaceAuth;
  /** Written by stores before the chats table (store/chats.ts): the chat that last asked; read as a fallback only. */
  lastChat?: ChatRef;
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
