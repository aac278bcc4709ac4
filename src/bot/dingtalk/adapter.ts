/**
 * DingTalk as a platform adapter: the OpenAPI client and sender, and how robot messages come in — the signed HTTP
 * callback (`DINGTALK_MODE=http`) or the stream connection (`stream`), which needs the pipeline and so opens in start().
 */
import type { Logger } from 'pino';
import type { DingTalkConfig } from '../../config.js';
import type { ActionTokens } from '../../store/action-tokens.js';
import type { SentLedger } from '../../store/sent-messages.js';
import type { PlatformAdapter } from '../adapter.js';
import type { DeliveryPipeline } from '../delivery.js';
import { DingTalkClient } from './openapi.js';
import { mountDingTalkRoutes } from './receiver.js';
import { createDingTalkSender } from './sender.js';
import { connectDingTalkStream, type DingTalkStream } from './stream.js';
import { createDingTalkUserDirectory } from './user-directory.js';

export interface DingTalkAdapterOptions {
  logger: Logger;
  /** Button tokens: DingTalk cards cannot call back, so every button is a link carrying one. */
  actionTokens: ActionTokens;
  /** Keys already sent: DingTalk has no idempotency field of its own. */
  ledger: SentLedger;
  /** The receiver's clock (the callback's one-hour window); tests pass a fake one. */
  now?: () => number;
}

export function createDingTalkAdapter(config: DingTalkConfig, options: DingTalkAdapterOptions): PlatformAdapter {
  const { logger } = options;
  const client = new DingTalkClient({ ...config, logger });
  let pipeline: DeliveryPipeline | undefined;
  let stream: DingTalkStream | undefined;
  return {
    name: 'dingtalk',
    sender: createDingTalkSender({
      client,
      robotCode: config.robotCode,
      botName: config.botName,
      tokens: options.actionTokens,
      ledger: options.ledger,
      logger,
    }),
    directory: createDingTalkUserDirectory(client),
    mount(router, deliveries) {
      pipeline = deliveries;
      if (config.mode !== 'http') return;
      mountDingTalkRoutes(router, { appSecret: config.clientSecret, robotCode: config.robotCode, pipeline, logger, now: options.now });
    },
    async start() {
      if (config.mode !== 'stream') return;
      if (!pipeline) throw new Error('dingtalk stream mode needs the delivery pipeline: mount before start');
      stream = connectDingTalkStream({ ...config, pipeline, logger });
    },
    async stop() {
      stream?.stop();
      await client.close();
    },
  };
}
