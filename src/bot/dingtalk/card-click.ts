/**
 * What happens to a click on an interactive card that came over the stream: mapped to an `InboundAction` (the chat the
 * card was sent to, the person, the card) and handed to the neutral pipeline — durable in the inbox before the
 * transport acknowledges it, then the same handler, permission checks and once-only rules as a Feishu click.
 *
 * DingTalk shows no toast from a stream callback's answer, so the click is answered in the chat, as a text click is:
 * the toast's text as a message, and the answer's card as an update of the clicked card. The answer is posted whenever
 * the handler gives it, even after the window the acknowledgement waits for.
 */
import type { Logger } from 'pino';
import type { CardChats } from '../../store/card-chats.js';
import type { ActionOutcome, DeliveryPipeline } from '../delivery.js';
import type { ActionAnswer, ChatSender, InboundAction } from '../platform.js';
import { toCardAction } from './inbound-mapping.js';
import type { DingTalkCardCallback } from './wire.js';

/** How long the acknowledgement waits for the handler's answer: the client shows the button busy until then. */
export const CARD_ACK_WINDOW_MS = 1_500;
const FAILED_TEXT = '操作失败，请稍后再试';

export interface CardClickDeps {
  pipeline: DeliveryPipeline;
  chats: CardChats;
  sender: ChatSender;
  logger: Logger;
}

export interface DeliveredClick {
  action: InboundAction;
  outcome: ActionOutcome;
}

/**
 * Undefined when the callback is ignored (nothing runs; acknowledge it). Throws when the inbox could not take it:
 * the transport must not acknowledge, so DingTalk pushes it again.
 */
export async function deliverCardClick(
  body: DingTalkCardCallback,
  streamMessageId: string,
  deps: CardClickDeps,
): Promise<DeliveredClick | undefined> {
  const mapping = toCardAction(body, streamMessageId, (cardId) => deps.chats.chatOf(cardId));
  if (mapping.kind === 'ignored') {
    deps.logger.warn({ outTrackId: body.outTrackId, user: body.userId, reason: mapping.reason }, 'dingtalk card callback ignored');
    return undefined;
  }
  return { action: mapping.action, outcome: await deps.pipeline.action(mapping.action, CARD_ACK_WINDOW_MS) };
}

/** Posts the click's answer into its chat; a failure to post is logged (the job's own card updates still follow). */
export async function answerCardClick({ action, outcome }: DeliveredClick, deps: CardClickDeps): Promise<void> {
  try {
    const answer = await answerOf(outcome);
    if (answer?.toast) await deps.sender.sendText(action.chat, answer.toast.text, `reply:${action.dedupeId}:toast`);
    if (answer?.card && action.cardMessageId) await deps.sender.updateCard?.(action.chat, action.cardMessageId, answer.card);
  } catch (error) {
    deps.logger.warn({ err: error, dedupeId: action.dedupeId }, 'could not answer a dingtalk card click');
  }
}

async function answerOf(outcome: ActionOutcome): Promise<ActionAnswer | void> {
  switch (outcome.kind) {
    case 'answered':
      return outcome.answer;
    case 'late':
      return outcome.answer;
    case 'failed':
      return { toast: { type: 'error', text: FAILED_TEXT } };
    case 'duplicate':
      return undefined;
  }
}
