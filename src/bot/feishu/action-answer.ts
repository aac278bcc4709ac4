/**
 * Answering a card click inside Feishu's 3-second window: what the handler answered, or "处理中…" when it is still
 * running (it updates the card itself when done), rendered as Feishu's callback answer.
 */
import type { ActionOutcome } from '../delivery.js';
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

/** The callback answer for what the delivery pipeline made of a click. */
export function renderActionOutcome(outcome: ActionOutcome): FeishuCardCallbackAnswer {
  switch (outcome.kind) {
    case 'answered':
      return renderActionAnswer(outcome.answer);
    case 'late':
      return PROCESSING_ANSWER;
    case 'failed':
      return FAILED_ANSWER;
    case 'duplicate':
      return {};
  }
}

/**
 * The old card request URL replaces the card with a card returned as the whole body (unconfirmed whether it shows a
 * toast; we send one when there is no card, which the client may ignore).
 */
export function renderOldStyleAnswer(answer: FeishuCardCallbackAnswer): FeishuCardJson | Record<string, unknown> {
  if (answer.card) return answer.card.data;
  return answer.toast ? { toast: answer.toast } : {};
}
