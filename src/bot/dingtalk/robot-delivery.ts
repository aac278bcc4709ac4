/**
 * What happens to a robot message that passed its transport's checks (HTTP signature, or the stream connection):
 * mapped to an `InboundMessage` and put in the durable inbox through the neutral pipeline, before the transport
 * acknowledges it; the handler then runs in the background. A message seen before (same msgId) runs nothing.
 */
import type { Logger } from 'pino';
import type { DeliveryPipeline } from '../delivery.js';
import { toInboundMessage } from './inbound-mapping.js';
import type { DingTalkRobotMessage } from './wire.js';

export type RobotDelivery = 'accepted' | 'duplicate' | 'ignored';

/** Throws when the inbox could not take it (shutting down, store failure): the transport must not acknowledge. */
export async function deliverRobotMessage(
  body: DingTalkRobotMessage,
  pipeline: DeliveryPipeline,
  logger: Logger,
): Promise<RobotDelivery> {
  const mapping = toInboundMessage(body);
  if (mapping.kind === 'ignored') {
    logger.debug({ msgId: body.msgId, reason: mapping.reason }, 'dingtalk message ignored');
    return 'ignored';
  }
  return (await pipeline.message(mapping.message)) ? 'accepted' : 'duplicate';
}
