/**
 * Stream mode (`DINGTALK_MODE=stream`): robot messages over the stream connection (stream-client.ts), so no public URL
 * is needed. Each callback is acknowledged once its message is in the inbox (or was seen before); one the inbox could
 * not take is left unacknowledged, and DingTalk pushes it again within about a minute.
 */
import { TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Logger } from 'pino';
import type { DeliveryPipeline } from '../delivery.js';
import { deliverRobotMessage } from './robot-delivery.js';
import { StreamClient } from './stream-client.js';
import type { DingTalkRobotMessage } from './wire.js';

export interface DingTalkStreamOptions {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  pipeline: DeliveryPipeline;
  logger: Logger;
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

  async function onRobotMessage(downstream: DWClientDownStream): Promise<void> {
    const messageId = downstream.headers.messageId;
    let body: DingTalkRobotMessage;
    try {
      body = JSON.parse(downstream.data) as DingTalkRobotMessage;
    } catch {
      logger.warn({ messageId }, 'dingtalk stream callback is not JSON; acknowledged and dropped');
      client.socketCallBackResponse(messageId, {});
      return;
    }
    try {
      await deliverRobotMessage(body, options.pipeline, logger);
    } catch (error) {
      logger.warn({ err: error, msgId: body.msgId }, 'dingtalk stream message not taken; DingTalk pushes it again');
      return;
    }
    client.socketCallBackResponse(messageId, {});
  }

  void client.connect();
  return { isConnected: () => client.connected, stop: () => client.stop() };
}
