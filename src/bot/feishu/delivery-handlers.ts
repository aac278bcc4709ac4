/**
 * What happens to a verified delivery: map it to an `Inbound`, remember it in the delivery log before acknowledging
 * (so Feishu's re-push of an event we did handle runs nothing), then run the bot's handler — in the background for
 * messages, awaited up to the answer timeout for card clicks.
 */
import type { Logger } from 'pino';
import type { DeliveryLog, Inbound, InboundAction, InboundHandler } from '../platform.js';
import { answerWithin, renderOldStyleAnswer } from './action-answer.js';
import { toInboundActionOld, toInboundActionV2, toInboundMessage } from './inbound-mapping.js';
import type { FeishuCardActionEventData, FeishuMessageEventData, FeishuOldCardCallbackData } from './wire.js';

/** What the route answers; handlers return it through the SDK dispatcher. */
export interface ReceiverReply {
  status: number;
  body: unknown;
}

const ACK: ReceiverReply = { status: 200, body: {} };

export interface DeliveryHandlerDeps {
  deliveryLog: DeliveryLog;
  handle: InboundHandler;
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
  const { logger } = deps;

  async function isFirst(inbound: Inbound): Promise<boolean> {
    const first = await deps.deliveryLog.firstDelivery(inbound.dedupeId);
    if (!first) logger.info({ dedupeId: inbound.dedupeId }, 'feishu delivery seen before; acknowledged without running');
    return first;
  }

  /** Runs after the acknowledgement is on its way; a failure is logged, never thrown into the server. */
  function runDetached(inbound: Inbound): void {
    setImmediate(() => {
      deps.handle(inbound).catch((error: unknown) => {
        logger.error({ err: error, dedupeId: inbound.dedupeId }, 'feishu message handler failed');
      });
    });
  }

  async function answerAction(action: InboundAction | undefined): Promise<ReceiverReply | undefined> {
    if (!action) return undefined;
    if (!(await isFirst(action))) return ACK;
    const handling = Promise.resolve().then(() => deps.handle(action));
    const answer = await answerWithin(handling, deps.actionAnswerTimeoutMs, logger);
    return { status: 200, body: answer };
  }

  return {
    async onMessage(data) {
      const mapping = toInboundMessage(data, deps.botOpenId?.());
      if (mapping.kind === 'ignored') {
        logger.debug({ eventId: data.event_id, reason: mapping.reason }, 'feishu message ignored');
        return ACK;
      }
      if (await isFirst(mapping.message)) runDetached(mapping.message);
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
