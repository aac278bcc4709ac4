/**
 * The text form of a button, for platforms whose cards cannot call back (DingTalk links, a typed reply): each button
 * gets a short one-time token that the person sends back as a message (`确认开具 #K7Q2MX`). A token names its chat and
 * the button's value; it works once, only in its chat, and not after TOKEN_TTL_MS. A click the bot refused (someone
 * who may not decide an approval) does not use it up. Persisted, so a restart keeps the cards already in the chats
 * working.
 */
import { randomInt } from 'node:crypto';
import type { ActionValue, ChatRef } from '../bot/platform.js';
import type { Store } from './db.js';

/** Long enough for an approval to wait out a weekend. */
export const TOKEN_TTL_MS = 7 * 24 * 3600_000;
/** No 0/O or 1/I: people copy these by eye too. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const LENGTH = 6;

/** A button inside a form: what a person types with its token fills the form's one input. */
export interface TokenInput {
  /** The button's label, which the text starts with. */
  label: string;
  /** The input the rest of the text fills. */
  input: string;
}

interface TokenEntry {
  platform: ChatRef['platform'];
  chatId: string;
  value: ActionValue;
  /** Absent for a plain button. */
  typed?: TokenInput;
  at: number;
  /** Who used it, once used. */
  usedBy?: string;
  /** The delivery that used it: the same message replayed after a crash runs its click again (the job's once-only rules hold). */
  usedIn?: string;
}

export type Redeemed =
  | { ok: true; value: ActionValue; typed?: TokenInput }
  | { ok: false; reason: 'unknown' | 'elsewhere' | 'used' | 'expired' };

export interface ActionTokens {
  mint(chat: ChatRef, value: ActionValue, typed?: TokenInput): Promise<string>;
  /**
   * Spends the token: its value the first time, in its own chat, and again for the same delivery (`deliveryId`,
   * replayed after a crash); a reason otherwise. Written before it returns.
   */
  redeem(chat: ChatRef, token: string, userId: string, deliveryId: string): Promise<Redeemed>;
  /** Un-spends a token whose click was refused (not this person's to click): the button works for the one it is for. */
  release(token: string): Promise<void>;
}

export function createActionTokens(store: Store, now: () => number = Date.now): ActionTokens {
  const tokens = store.table<TokenEntry>('action_tokens');
  store.onMaintenance(async () => {
    const cutoff = now() - TOKEN_TTL_MS;
    for (const [token, entry] of tokens.entries()) if (entry.at < cutoff) await tokens.delete(token);
  });

  function fresh(): string {
    for (;;) {
      const token = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      if (!tokens.has(token)) return token;
    }
  }

  return {
    async mint(chat, value, typed) {
      const token = fresh();
      await tokens.put(token, { platform: chat.platform, chatId: chat.chatId, value, ...(typed && { typed }), at: now() });
      return token;
    },
    async redeem(chat, token, userId, deliveryId) {
      const entry = tokens.get(token.toUpperCase());
      if (!entry) return { ok: false, reason: 'unknown' };
      if (entry.platform !== chat.platform || entry.chatId !== chat.chatId) return { ok: false, reason: 'elsewhere' };
      const redeemed: Redeemed = { ok: true, value: entry.value, ...(entry.typed && { typed: entry.typed }) };
      if (entry.usedBy !== undefined) return entry.usedIn === deliveryId ? redeemed : { ok: false, reason: 'used' };
      if (now() - entry.at > TOKEN_TTL_MS) return { ok: false, reason: 'expired' };
      // Marked in the same tick as the check, and on disk before the action runs: a second send finds it used.
      await tokens.put(token.toUpperCase(), { ...entry, usedBy: userId, usedIn: deliveryId });
      return redeemed;
    },
    async release(token) {
      const entry = tokens.get(token.toUpperCase());
      if (entry?.usedBy === undefined) return;
      const { usedBy: _usedBy, usedIn: _usedIn, ...unused } = entry;
      await tokens.put(token.toUpperCase(), unused);
    },
  };
}

const TOKEN_AT_END = /(?:^|\s)#([2-9A-HJ-NP-Z]{6})\s*$/iu;

/** `确认开具 #K7Q2MX` (or just `#K7Q2MX`): the token a typed message carries, if any. */
export function tokenInText(text: string): string | undefined {
  return TOKEN_AT_END.exec(text.trim())?.[1]?.toUpperCase();
}

/** What was typed with a form button's token (`驳回 金额不对 #K7Q2MX` → `金额不对`): the text without the label and token. */
export function typedWithToken(text: string, label: string): string {
  const typed = text.trim().replace(TOKEN_AT_END, '').trim();
  return (typed.startsWith(label) ? typed.slice(label.length) : typed).trim();
}
