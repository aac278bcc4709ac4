/** Feishu as a platform adapter: the SDK client and sender, the webhook routes, and who the bot is. */
import type { Logger } from 'pino';
import type { FeishuConfig } from '../../config.js';
import type { PlatformAdapter } from '../adapter.js';
import { createFeishuClient, fetchBotOpenId } from './client.js';
import { mountFeishuRoutes } from './receiver.js';
import { createFeishuSender } from './sender.js';
import { createFeishuUserDirectory } from './user-directory.js';

export interface FeishuAdapterOptions {
  logger: Logger;
  /** The receiver's clock (replay window); tests pass a fake one. */
  now?: () => number;
}

export function createFeishuAdapter(config: FeishuConfig, options: FeishuAdapterOptions): PlatformAdapter {
  const { logger } = options;
  const client = createFeishuClient({ ...config, logger });
  let botOpenId: string | undefined;
  return {
    name: 'feishu',
    sender: createFeishuSender({ client, logger }),
    directory: createFeishuUserDirectory(client, logger),
    mount(router, pipeline) {
      mountFeishuRoutes(router, {
        appId: config.appId,
        encryptKey: config.encryptKey,
        verificationToken: config.verificationToken,
        pipeline,
        logger,
        botOpenId: () => botOpenId,
        now: options.now,
      });
    },
    async start() {
      // Who the bot is, to tell a mention of the bot from mentions of others; until known, any mention counts.
      fetchBotOpenId(client, logger)
        .then((id) => (botOpenId = id))
        .catch((error: unknown) => logger.warn({ err: error }, 'could not fetch the Feishu bot open_id'));
    },
    async stop() {},
  };
}
