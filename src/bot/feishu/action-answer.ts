/**
 * Answering a card click inside Feishu's 3-second window: wait for the handler a little less than that, render
 * what it answered, or say "处理中…" and let it finish on its own (it updates the card itself when done).
 */
import type { Logger } from 'pino';
import type { ActionAnswer } from '../platform.js';
import { renderFeishuCard } from './card-renderer.js';
import type { FeishuCardCallbackAnswer, FeishuCardJson } from './wire.js';

export const PROCESSING_ANSWER: FeishuCardCallbackAnswer = { toast: { type: 'info', content: '处理中…' } };
export const FAILED_ANSWER: FeishuCardCallbackAnswer = { toast: { type: 'error', content: '操作失败，请稍后再试' } };

/** v2 callback answer: `{toast:{type, content}, card:{type:'raw', data}}`. Images in answer cards show as alt text. */
export function renderActionAnswer(answer: ActionAnswer | void): FeishuCardCallbackAnswer {
  const rendered: FeishuCardCallbackAnswer = {};
  if (answer?.toast) rendered.toast = { type: answer.toast.type, content: answer.toast.text };
  if (answer?.card) rendered.card = { type: 'raw', data: renderFeishuCard(answer.card) };
  return rendered;
}

/**
 * The old card request URL replaces the card with a card returned as the whole body (unconfirmed whether it shows a
 * toast; we send one when there is no card, which the client may ignore).
 */
export function renderOldStyleAnswer(answer: FeishuCardCallbackAnswer): FeishuCardJson | Record<string, unknown> {
  if (answer.card) return answer.card.data;
  return answer.toast ? { toast: answer.toast } : {};
}

/** Resolves with the rendered answer, or `PROCESSING_ANSWER` once `timeoutMs` passes; never rejects. */
export async function answerWithin(
  handling: Promise<ActionAnswer | void>,
  timeoutMs: number,
  logger: Logger,
): Promise<FeishuCardCallbackAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<FeishuCardCallbackAnswer>((resolve) => {
    timer = setTimeout(() => resolve(PROCESSING_ANSWER), timeoutMs);
  });
  const handled = handling.then(
    (answer) => renderActionAnswer(answer),
    (error: unknown) => {
      logger.error({ err: error }, 'card action handler failed');
      return FAILED_ANSWER;
    },
  );
  try {
    return await Promise.race([handled, late]);
  } finally {
    clearTimeout(timer);
  }
}
