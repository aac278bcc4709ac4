/**
 * Stream mode (`DINGTALK_MODE=stream`): robot messages, and with a card template the clicks on interactive cards, over
 * the stream connection (stream-client.ts), so no public URL is needed. Each callback is acknowledged once what it
 * carries is in the inbox (or was seen before, or is ignored); one the inbox could not take is left unacknowledged,
 * and DingTalk pushes it again within about a minute. A click is answered in its chat after the acknowledgement.
 */
import { TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Logger } from 'pino';
import type { CardChats } from '../../store/card-chats.js';
import type { DeliveryPipeline } from '../delivery.js';
import type { ChatSender } from '../platform.js';
import { answerCardClick, deliverCardClick, type CardClickDeps } from './card-click.js';
import { deliverRobotMessage } from './robot-delivery.js';
import { StreamClient } from './stream-client.js';
import type { DingTalkCardCallback, DingTalkRobotMessage } from './wire.js';

export interface DingTalkStreamOptions {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  pipeline: DeliveryPipeline;
  logger: Logger;
  /** Interactive cards: where each was sent, and the sender that answers their clicks. Absent = no card topic. */
  cards?: { chats: CardChats; sender: ChatSender };
}

export interface DingTalkStream {
  /** Whether the socket is open (the client reconnects by itself when it is not). */
  isConnected(): boolean;
  stop(): void;
}

export function connectDingTalkStream(options: DingTalkStreamOptions): DingTalkStream {
  const logger = options.logger.child({ component: 'dingtalk-stream' });
  const client = new StreamClient(options, logger);
  client.registerCallbackListener(TOPIC_ROBOT, (downstream: DWClientDownStream) => {
    void onRobotMessage(downstream);
  });

  const cards = options.cards;
  const clicks: CardClickDeps | undefined = cards && { ...cards, pipeline: options.pipeline, logger };
  if (clicks) {
    client.registerCallbackListener(TOPIC_CARD, (downstream: DWClientDownStream) => {
      void onCardClick(downstream, clicks);
    });
  }

  /** The callback's data, parsed; one that is not JSON is acknowledged and dropped (it would never parse). */
  function parsed<T>(downstream: DWClientDownStream): T | undefined {
    try {
      return JSON.parse(downstream.data) as T;
    } catch {
      logger.warn({ messageId: downstream.headers.messageId }, 'dingtalk stream callback is not JSON; acknowledged and dropped');
      client.socketCallBackResponse(downstream.headers.messageId, {});
      return undefined;
    }
  }

  async function onRobotMessage(downstream: DWClientDownStream): Promise<void> {
    const body = parsed<DingTalkRobotMessage>(downstream);
    if (!body) return;
    try {
      await deliverRobotMessage(body, options.pipeline, logger);
    } catch (error) {
      logger.warn({ err: error, msgId: body.msgId }, 'dingtalk stream message not taken; DingTalk pushes it again');
      return;
    }
    client.socketCallBackResponse(downstream.headers.messageId, {});
  }

  async function onCardClick(downstream: DWClientDownStream, deps: CardClickDeps): Promise<void> {
    const body = parsed<DingTalkCardCallback>(downstream);
    if (!body) return;
    let delivered;
    try {
      delivered = await deliverCardClick(body, downstream.headers.messageId, deps);
    } catch (error) {
      logger.warn({ err: error, outTrackId: body.outTrackId }, 'dingtalk card click not taken; DingTalk pushes it again');
      return;
    }
    // Nothing in the answer: the click is answered in the chat (card-click.ts).
    client.socketCallBackResponse(downstream.headers.messageId, {});
    if (delivered) await answerCardClick(delivered, deps);
  }

  void client.connect();
  return { isConnected: () => client.connected, stop: () => client.stop() };
}
