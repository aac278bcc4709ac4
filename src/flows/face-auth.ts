/**
 * Face auth: post the bureau's QR code into the chat, poll `auth/result` with backoff, and when the clerk's scan
 * passes let every job that waited for it go on by itself. One QR per account at a time; the pending QR is kept
 * in the store so a restart resumes polling it.
 */
import type { FaceAuthApp } from '../api/provider.js';
import { paragraphs } from '../bot/card-text.js';
import type { Card, CardText, ChatRef } from '../bot/platform.js';
import type { PendingFaceAuth } from '../store/sessions.js';
import { senderFor, type FlowContext } from './context.js';
import { backoffDelay } from './scheduler.js';

const APP_LABEL: Record<FaceAuthApp, string> = { personal_tax: '个税 App', tax_bureau: '税务 App（电子税务局）' };
const OTHER_APP: Record<FaceAuthApp, FaceAuthApp> = { personal_tax: 'tax_bureau', tax_bureau: 'personal_tax' };

export type FaceAuthStart = 'posted' | 'already_waiting';

export interface FaceAuthFlow {
  /** Posts a new QR into `chat` unless one is already waiting for a scan (or `force`). */
  start(chat: ChatRef, options?: { force?: boolean; app?: FaceAuthApp }): Promise<FaceAuthStart>;
  /** On start: keep polling a QR that was waiting when the bot stopped. */
  resume(): void;
}

export interface FaceAuthHooks {
  passed(): Promise<void>;
}

function qrCard(pending: PendingFaceAuth, qrUrl: string | undefined, png: Buffer | undefined): Card {
  const app = APP_LABEL[pending.app];
  const howTo: CardText = [
    '请',
    { strong: '开票员本人' },
    '打开 ',
    { strong: app },
    '，用首页的「扫一扫」扫描下方二维码完成人脸识别。\n通过后机器人会自动继续开票，无需再发消息。',
  ];
  return {
    title: '税局要求开票人人脸认证',
    state: 'pending',
    body: png ? howTo : paragraphs(howTo, [{ link: qrUrl ?? '', text: '打开二维码' }]),
    image: png ? { png, alt: '人脸认证二维码' } : undefined,
    buttons: [
      { text: `改用${APP_LABEL[OTHER_APP[pending.app]]}扫码`, value: { op: 'face_auth_new', app: OTHER_APP[pending.app] } },
    ],
    note: '二维码几分钟内有效；过期后可点按钮重新获取',
  };
}

const PASSED_CARD: Card = { title: '人脸认证已通过', state: 'success', body: ['开票人认证通过，等待中的开票会自动继续。'] };

function expiredCard(app: FaceAuthApp): Card {
  return {
    title: '二维码已过期',
    state: 'danger',
    body: ['没有在有效期内完成扫码。需要时请点下方按钮重新获取二维码。'],
    buttons: [{ text: '重新获取二维码', style: 'primary', value: { op: 'face_auth_new', app } }],
  };
}

export function createFaceAuthFlow(ctx: FlowContext, hooks: FaceAuthHooks): FaceAuthFlow {
  const { sessions, accountKey, logger } = ctx;
  const timerKey = `face-auth:${accountKey}`;

  async function updateQrCard(pending: PendingFaceAuth, card: Card): Promise<void> {
    if (!pending.qrMessageId) return;
    try {
      await senderFor(ctx, pending.chat).updateCard(pending.chat, pending.qrMessageId, card);
    } catch (error) {
      logger.warn({ err: error }, 'could not update the face-auth card');
    }
  }

  function schedulePoll(attempt: number): void {
    ctx.scheduler.schedule(timerKey, backoffDelay(ctx.timing.faceAuthPoll, attempt), () => poll(attempt + 1));
  }

  async function expire(pending: PendingFaceAuth): Promise<void> {
    await sessions.clear(accountKey, ['faceAuth']);
    await updateQrCard(pending, expiredCard(pending.app));
  }

  async function poll(attempt: number): Promise<void> {
    const pending = sessions.get(accountKey).faceAuth;
    if (!pending) return;
    if (ctx.now() - pending.startedAt > ctx.timing.faceAuthGiveUpMs) return expire(pending);
    let result;
    try {
      result = await ctx.provider.faceAuthResult(ctx.account, pending.authId, pending.app);
    } catch (error) {
      logger.warn({ err: error }, 'face-auth poll failed');
      return schedulePoll(attempt);
    }
    if (result === 'pending') return schedulePoll(attempt);
    if (result === 'expired') return expire(pending);

    await sessions.clear(accountKey, ['faceAuth']);
    logger.info({ authId: pending.authId }, 'face auth passed');
    await updateQrCard(pending, PASSED_CARD);
    await senderFor(ctx, pending.chat).sendText(
      pending.chat,
      '✅ 人脸认证已通过，等待中的开票会自动继续。',
      `face-auth:${pending.authId}:passed`,
    );
    await hooks.passed();
  }

  return {
    async start(chat, options = {}) {
      const waiting = sessions.get(accountKey).faceAuth;
      if (waiting && !options.force && ctx.now() - waiting.startedAt < ctx.timing.faceAuthGiveUpMs) {
        return 'already_waiting';
      }
      if (waiting) await updateQrCard(waiting, expiredCard(waiting.app));
      const app = options.app ?? ctx.faceAuthApp;
      const challenge = await ctx.provider.startFaceAuth(ctx.account, app);
      const pending: PendingFaceAuth = { authId: challenge.authId, app, chat, startedAt: ctx.now() };
      await sessions.update(accountKey, { faceAuth: pending });
      const sent = await senderFor(ctx, chat).sendCard(
        chat,
        qrCard(pending, challenge.qrUrl, challenge.qrPng),
        `face-auth:${challenge.authId}:qr`,
      );
      await sessions.update(accountKey, { faceAuth: { ...pending, qrMessageId: sent.messageId } });
      schedulePoll(0);
      return 'posted';
    },

    resume() {
      if (sessions.get(accountKey).faceAuth) schedulePoll(0);
    },
  };
}
