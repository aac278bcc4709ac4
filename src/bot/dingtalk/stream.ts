/**
 * Stream mode (`DINGTALK_MODE=stream`): robot messages over the `dingtalk-stream` client's WebSocket, so no public URL
 * is needed. Each callback is acknowledged once its message is in the inbox (or was seen before); one the inbox could
 * not take is left unacknowledged, and DingTalk pushes it again within about a minute.
 *
 * The package asks its gateway at a fixed address (GATEWAY_URL, `https://api.dingtalk.com/v1.0/gateway/connections/
 * open`). `getEndpoint` is overridden to ask the same path on DINGTALK_API_BASE instead — the same address in
 * production, the fake platform's in tests — over undici. `connect` is guarded so that a reconnect the package had
 * already scheduled does nothing after `stop`.
 */
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Logger } from 'pino';
import { request } from 'undici';
import type { DeliveryPipeline } from '../delivery.js';
import { DingTalkApiError } from './api-error.js';
import { deliverRobotMessage } from './robot-delivery.js';
import type { DingTalkRobotMessage } from './wire.js';

export const GATEWAY_PATH = '/v1.0/gateway/connections/open';
/** A gateway that does not answer is given up on and asked again (the package retries every second). */
const GATEWAY_TIMEOUT_MS = 15_000;

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

class GatewayClient extends DWClient {
  private stopped = false;

  constructor(
    private readonly options: DingTalkStreamOptions,
    private readonly logger: Logger,
  ) {
    super({ clientId: options.clientId, clientSecret: options.clientSecret, keepAlive: true });
  }

  override async getEndpoint(): Promise<this> {
    const { clientId, clientSecret, apiBase } = this.options;
    const response = await request(`${apiBase}${GATEWAY_PATH}`, {
      method: 'POST',
      headersTimeout: GATEWAY_TIMEOUT_MS,
      bodyTimeout: GATEWAY_TIMEOUT_MS,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId, clientSecret, ua: 'fapiao-bot', subscriptions: this.config.subscriptions }),
    });
    const body = (await response.body.json().catch(() => undefined)) as { endpoint?: string; ticket?: string } | undefined;
    if (response.statusCode >= 300 || !body?.endpoint || !body.ticket) {
      const error = new DingTalkApiError('gateway.connections.open', { status: response.statusCode, message: 'no endpoint' });
      this.logger.warn({ err: error }, 'dingtalk stream gateway refused; the client retries');
      throw error;
    }
    // The package reads the socket address from this private field (see its getEndpoint).
    Object.assign(this, { dw_url: `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}` });
    return this;
  }

  override async connect(): Promise<void> {
    if (this.stopped) return;
    await super.connect();
    if (this.stopped) super.disconnect();
  }

  stop(): void {
    this.stopped = true;
    this.disconnect();
  }
}

export function connectDingTalkStream(options: DingTalkStreamOptions): DingTalkStream {
  const logger = options.logger.child({ component: 'dingtalk-stream' });
  const client = new GatewayClient(options, logger);
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
