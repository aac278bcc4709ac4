/**
 * The expiry check (EXPIRY_CHECK_CRON): renews the API token by itself, without a word, before it runs out; warns
 * every chat used in the last 30 days, once per expiry, when the bureau login or the face auth ends within the warning
 * window or has ended. An end is known from the last time the check saw the login or face auth valid (kept in the
 * store), so an expiry found after a restart is still warned about, and never twice.
 */
import type { SessionState } from '../api/provider.js';
import { chatKey } from '../store/chats.js';
import type { Expiring, ExpiryWatchRepository } from '../store/expiry-watch.js';
import type { FlowContext } from './context.js';
import { expiryCard, type ExpiryWarning } from './expiry-cards.js';
import { chatsUsedWithin } from './home-chat.js';

/** Who hears the warnings: chats the bot was used in this recently. */
export const WARN_CHATS_USED_WITHIN_MS = 30 * 24 * 3600_000;
/** A chat whose warning could not be posted this often is given up on for that expiry (the bot may have left it). */
const MAX_FAILURES_PER_CHAT = 3;

export interface ExpiryCheckOptions {
  /** EXPIRY_WARN_MINUTES. */
  warnMs: number;
  watch: ExpiryWatchRepository;
}

export interface ExpiryCheck {
  check(): Promise<void>;
}

export function createExpiryCheck(ctx: FlowContext, { warnMs, watch }: ExpiryCheckOptions): ExpiryCheck {
  const { accountKey, logger } = ctx;

  /** Renews a token that runs out within the window, unless it ends with the login (a new one would too). */
  async function renewToken(state: SessionState): Promise<void> {
    const tokenEnd = state.tokenExpiresAt?.getTime();
    if (tokenEnd === undefined || tokenEnd - ctx.now() > warnMs) return;
    if (state.loginExpiresAt && tokenEnd >= state.loginExpiresAt.getTime()) return;
    try {
      const renewed = await ctx.provider.refreshToken(ctx.account);
      logger.info({ expiresAt: renewed.toISOString() }, 'API token renewed before it ran out');
    } catch (error) {
      logger.warn({ err: error }, 'could not renew the API token; calls fetch one when they need it');
    }
  }

  /**
   * What to warn about for one thing: valid with a known end → remember it, warn when it is near; not valid → the end
   * last seen, if any, is over. Undefined when there is nothing to say.
   */
  async function warningFor(what: Expiring, valid: boolean, expiresAt: Date | undefined): Promise<ExpiryWarning | undefined> {
    if (valid) {
      if (!expiresAt) return undefined;
      const seen = await watch.seenValidUntil(accountKey, what, expiresAt.getTime());
      const over = seen.expiresAt <= ctx.now();
      return seen.expiresAt - ctx.now() <= warnMs ? { what, expiresAt: seen.expiresAt, over } : undefined;
    }
    const known = watch.get(accountKey, what);
    return known ? { what, expiresAt: known.expiresAt, over: true } : undefined;
  }

  /** Posts the warning to every chat used lately that does not have it yet; one chat's failure does not stop the rest. */
  async function warn(warning: ExpiryWarning): Promise<void> {
    const record = watch.get(accountKey, warning.what);
    if (record?.expiresAt !== warning.expiresAt) return;
    const card = expiryCard(warning, ctx.now());
    for (const chat of chatsUsedWithin(ctx, WARN_CHATS_USED_WITHIN_MS)) {
      const key = chatKey(chat);
      if (record.warned.includes(key) || (record.failures?.[key] ?? 0) >= MAX_FAILURES_PER_CHAT) continue;
      const sender = ctx.senders[chat.platform];
      if (!sender) continue;
      try {
        // The key makes a post repeated after a crash (before it was recorded) come out once.
        await sender.sendCard(chat, card, `expiry:${accountKey}:${warning.what}:${warning.expiresAt}:${key}`);
        await watch.warned(accountKey, warning.what, key);
      } catch (error) {
        logger.warn({ err: error, chatId: chat.chatId, what: warning.what }, 'could not post the expiry warning');
        await watch.failed(accountKey, warning.what, key);
      }
    }
  }

  return {
    async check() {
      const state = await ctx.provider.sessionState(ctx.account);
      await renewToken(state);
      const warnings = [await warningFor('login', state.loggedIn, state.loginExpiresAt)];
      // Logged out, the bureau says nothing of the face auth: it is neither valid nor over as far as we know.
      if (state.loggedIn) warnings.push(await warningFor('faceAuth', state.faceAuthValid, state.faceAuthExpiresAt));
      for (const warning of warnings) if (warning) await warn(warning);
    },
  };
}
