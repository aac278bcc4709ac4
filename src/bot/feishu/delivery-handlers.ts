/**
 * What happens to a verified Feishu delivery: map it to an `Inbound` and hand it to the platform-neutral delivery
 * pipeline (durable inbox before the acknowledgement, then the handler), rendering a click's outcome as Feishu's
 * callback answer.
 */
import type { Logger } from 'pino';
import type { DeliveryPipeline } from '../delivery.js';
import type { InboundAction } from '../platform.js';
import { renderActionOutcome, renderOldStyleAnswer } from './action-answer.js';
import { toInboundActionOld, toInboundActionV2, toInboundMessage } from './inbound-mapping.js';
import type { FeishuCardActionEventData, FeishuMessageEventData, FeishuOldCardCallbackData } from './wire.js';

/** What the route answers; handlers return it through the SDK dispatcher. */
export interface ReceiverReply {
  status: number;
  body: unknown;
}

const ACK: ReceiverReply = { status: 200, body: {} };

export interface DeliveryHandlerDeps {
  pipeline: DeliveryPipeline;
  logger: Logger;
  botOpenId?: () => string | undefined;
  actionAnswerTimeoutMs: number;
}

export interface DeliveryHandlers {
  onMessage(data: FeishuMessageEventData): Promise<ReceiverReply>;
  onCardActionV2(data: FeishuCardActionEventData): Promise<ReceiverReply>;
  onOldCardCallback(data: FeishuOldCardCallbackData): Promise<ReceiverReply>;
}

export function createDeliveryHandlers(deps: DeliveryHandlerDeps): DeliveryHandlers {
  const { logger, pipeline } = deps;

  async function answerAction(action: InboundAction | undefined): Promise<ReceiverReply | undefined> {
    if (!action) return undefined;
    const outcome = await pipeline.action(action, deps.actionAnswerTimeoutMs);
    return { status: 200, body: renderActionOutcome(outcome) };
  }

  return {
    async onMessage(data) {
      const mapping = toInboundMessage(data, deps.botOpenId?.());
      if (mapping.kind === 'ignored') {
        logger.debug({ eventId: data.event_id, reason: mapping.reason }, 'feishu message ignored');
        return ACK;
      }
      await pipeline.message(mapping.message);
      return ACK;
    },

    async onCardActionV2(data) {
      const reply = await answerAction(toInboundActionV2(data));
      if (reply) return reply;
      logger.warn({ eventId: data.event_id }, 'feishu card action without operator or chat; ignored');
      return ACK;
    },

    async onOldCardCallback(data) {
      const reply = await answerAction(toInboundActionOld(data));
      if (!reply) {
        logger.warn('feishu old-style card callback without user or chat; ignored');
        return ACK;
      }
      const body = reply.body as Parameters<typeof renderOldStyleAnswer>[0];
      return { status: reply.status, body: renderOldStyleAnswer(body) };
    },
  };
}
