/**
 * Face auth: post the bureau's QR code into the chat, poll `auth/result` with backoff, and when the clerk's scan
 * passes let every job that waited for it go on by itself. One QR per account at a time, kept in the store with
 * every chat it was posted to: each chat whose job waits for a scan gets a copy of the same QR card (one scan passes
 * them all), and a restart posts it wherever it was never posted (a crash between fetching and posting it).
 */
import type { FaceAuthApp } from '../api/provider.js';
import { showCardState } from '../bot/card-update.js';
import type { Card, ChatRef } from '../bot/platform.js';
import type { PendingFaceAuth, QrPost } from '../store/sessions.js';
import { senderFor, type FlowContext } from './context.js';
import { expiredCard, passedCard, passedText, qrCard } from './face-auth-cards.js';
import { backoffDelay } from './scheduler.js';

export type FaceAuthStart = 'posted' | 'already_waiting';

export interface FaceAuthFlow {
  /**
   * Shows `chat` the QR: a copy of the one waiting for a scan, or a new one when none waits (or `force`).
   * 'already_waiting' when this chat has the waiting QR already.
   */
  start(chat: ChatRef, options?: { force?: boolean; app?: FaceAuthApp }): Promise<FaceAuthStart>;
  /** On start: keep polling a QR that was waiting, and show a QR to every chat whose job waits without one. */
  resume(): void;
}

export interface FaceAuthHooks {
  passed(): Promise<void>;
  /**
   * On start, jobs wait for a scan but no QR is waiting (the bot stopped while fetching it): submit them again.
   * Each that still needs a scan asks for a QR; if the scan passed meanwhile, they simply finish.
   */
  retryWaiting(): Promise<void>;
}

/** The chats a pending QR was posted to (records from before `posts` name one). */
export function qrPosts(pending: PendingFaceAuth): QrPost[] {
  if (pending.posts) return pending.posts;
  return pending.qrMessageId ? [{ chat: pending.chat, messageId: pending.qrMessageId }] : [];
}

const sameChat = (a: ChatRef, b: ChatRef): boolean => a.platform === b.platform && a.chatId === b.chatId;

export function createFaceAuthFlow(ctx: FlowContext, hooks: FaceAuthHooks): FaceAuthFlow {
  const { sessions, accountKey, logger } = ctx;
  const timerKey = `face-auth:${accountKey}`;
  /** Starting, copying and finishing a QR run one at a time: two chats asking at once get one QR. */
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** The QR waiting for a scan, unless it is past giving up. */
  function waitingQr(): PendingFaceAuth | undefined {
    const pending = sessions.get(accountKey).faceAuth;
    return pending && ctx.now() - pending.startedAt < ctx.timing.faceAuthGiveUpMs ? pending : undefined;
  }

  /** Every post of the QR shows `card` (or the card for that post's chat). */
  async function updateQrCards(pending: PendingFaceAuth, cardFor: Card | ((chat: ChatRef) => Card)): Promise<void> {
    for (const post of qrPosts(pending)) {
      const card = typeof cardFor === 'function' ? cardFor(post.chat) : cardFor;
      try {
        const key = `face-auth:${pending.authId}:card:${post.chat.chatId}:${card.title}`;
        await showCardState(senderFor(ctx, post.chat), post.chat, post.messageId, card, key);
      } catch (error) {
        logger.warn({ err: error, chatId: post.chat.chatId }, 'could not update the face-auth card');
      }
    }
  }

  /** Posts the QR card into `chat` and records the post; the idempotency key makes a repeat after a crash post once. */
  async function post(pending: PendingFaceAuth, chat: ChatRef): Promise<void> {
    const key = `face-auth:${pending.authId}:qr:${chat.platform}:${chat.chatId}`;
    const jobsWait = waitingChats().some((waiting) => sameChat(waiting, chat));
    const sent = await senderFor(ctx, chat).sendCard(chat, qrCard(pending, jobsWait), key);
    // Read again: another chat's post may have been recorded meanwhile, or the QR finished.
    const current = sessions.get(accountKey).faceAuth;
    if (current?.authId !== pending.authId) return;
    const posts = [...qrPosts(current).filter((known) => !sameChat(known.chat, chat)), { chat, messageId: sent.messageId }];
    await sessions.update(accountKey, { faceAuth: { ...current, posts } });
  }

  /** Chats with a job waiting for a scan, each once, oldest job first. */
  function waitingChats(): ChatRef[] {
    const chats: ChatRef[] = [];
    const jobs = ctx.jobs.inStates(['waiting_face_auth']).sort((a, b) => a.updatedAt - b.updatedAt);
    for (const job of jobs) if (!chats.some((chat) => sameChat(chat, job.chat))) chats.push(job.chat);
    return chats;
  }

  /** Copies of the waiting QR for every waiting chat that has none; one chat's failure does not stop the others. */
  async function showToWaitingChats(except?: ChatRef): Promise<void> {
    for (const chat of waitingChats()) {
      if (except && sameChat(chat, except)) continue;
      try {
        await show(chat, {});
      } catch (error) {
        logger.warn({ err: error, chatId: chat.chatId }, 'could not show the face-auth QR');
      }
    }
  }

  async function show(chat: ChatRef, options: { force?: boolean; app?: FaceAuthApp }): Promise<FaceAuthStart> {
    const waiting = waitingQr();
    if (waiting && !options.force) {
      if (qrPosts(waiting).some((known) => sameChat(known.chat, chat))) return 'already_waiting';
      if (waiting.qr) {
        await post(waiting, chat);
        return 'posted';
      }
    }
    await startNew(chat, options.app);
    return 'posted';
  }

  /** A new QR: the old cards say it expired, and every waiting chat gets the new one. */
  async function startNew(chat: ChatRef, requestedApp: FaceAuthApp | undefined): Promise<void> {
    const previous = sessions.get(accountKey).faceAuth;
    if (previous) await updateQrCards(previous, expiredCard(previous));
    const app = requestedApp ?? ctx.faceAuthApp;
    const challenge = await ctx.provider.startFaceAuth(ctx.account, app);
    const pending: PendingFaceAuth = {
      authId: challenge.authId,
      app,
      chat,
      startedAt: ctx.now(),
      qr: { pngBase64: challenge.qrPng?.toString('base64'), url: challenge.qrUrl, where: challenge.where },
      posts: [],
    };
    // Kept before it is posted, and polled even if the post fails: a restart or 认证 shows this same QR.
    await sessions.update(accountKey, { faceAuth: pending });
    schedulePoll(0);
    try {
      await post(pending, chat);
    } finally {
      // The asking chat is told by its caller when its post fails; the others still get theirs.
      await showToWaitingChats(chat);
    }
  }

  function schedulePoll(attempt: number): void {
    ctx.scheduler.schedule(timerKey, backoffDelay(ctx.timing.faceAuthPoll, attempt), () => poll(attempt + 1));
  }

  async function expire(pending: PendingFaceAuth): Promise<void> {
    await sessions.clear(accountKey, ['faceAuth']);
    await updateQrCards(pending, expiredCard(pending));
  }

  async function pass(pending: PendingFaceAuth): Promise<void> {
    await sessions.clear(accountKey, ['faceAuth']);
    logger.info({ authId: pending.authId }, 'face auth passed');
    // Jobs still wait here (they resume after this): only a chat that has some is told they go on.
    const waiting = waitingChats();
    const jobsWait = (chat: ChatRef): boolean => waiting.some((known) => sameChat(known, chat));
    await updateQrCards(pending, (chat) => passedCard(jobsWait(chat)));
    for (const { chat } of qrPosts(pending)) {
      try {
        const text = passedText(jobsWait(chat));
        await senderFor(ctx, chat).sendText(chat, text, `face-auth:${pending.authId}:passed:${chat.platform}:${chat.chatId}`);
      } catch (error) {
        // Telling is a courtesy; the jobs must go on whatever the chat answers.
        logger.warn({ err: error, chatId: chat.chatId }, 'could not tell the chat the face auth passed');
      }
    }
    await hooks.passed();
  }

  async function poll(attempt: number): Promise<void> {
    const pending = sessions.get(accountKey).faceAuth;
    if (!pending) return;
    if (ctx.now() - pending.startedAt > ctx.timing.faceAuthGiveUpMs) return exclusive(() => expire(pending));
    let result;
    try {
      result = await ctx.provider.faceAuthResult(ctx.account, pending.authId, pending.app);
    } catch (error) {
      logger.warn({ err: error }, 'face-auth poll failed');
      return schedulePoll(attempt);
    }
    if (result === 'pending') return schedulePoll(attempt);
    // Finished under the lock, so no copy is posted for a QR that is already over.
    await exclusive(async () => {
      const current = sessions.get(accountKey).faceAuth;
      if (current?.authId !== pending.authId) return;
      return result === 'expired' ? expire(current) : pass(current);
    });
  }

  /** On start: a stored QR is polled again and shown where it is missing; waiting jobs without any QR are retried. */
  async function recover(): Promise<void> {
    if (sessions.get(accountKey).faceAuth) schedulePoll(0); // a QR past giving up is expired by its first poll
    if (waitingChats().length === 0) return;
    // No QR waiting (the bot stopped while fetching one): the jobs ask again, or simply finish if the scan passed.
    if (!waitingQr()) return hooks.retryWaiting();
    return showToWaitingChats();
  }

  return {
    start: (chat, options = {}) => exclusive(() => show(chat, options)),

    resume() {
      ctx.scheduler.schedule(`${timerKey}:recover`, 0, () => exclusive(recover));
    },
  };
}
