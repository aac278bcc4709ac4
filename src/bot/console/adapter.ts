/** The web chat as a platform adapter: its conversation in the store, a sender into it, and the /console routes. */
import type { Logger } from 'pino';
import type { ConsoleConfig } from '../../config.js';
import type { Store } from '../../store/db.js';
import { createConsoleMessages } from '../../store/console-messages.js';
import type { PlatformAdapter } from '../adapter.js';
import { createEventStreams } from './events.js';
import { consoleDirectory } from './people.js';
import { mountConsoleRoutes } from './routes.js';
import { createConsoleSender } from './sender.js';

export interface ConsoleAdapterOptions {
  logger: Logger;
  store: Store;
  /** The simulator is mounted (sandbox mode): the page shows its controls. */
  sandbox: boolean;
  now?: () => number;
}

export function createConsoleAdapter(config: ConsoleConfig, options: ConsoleAdapterOptions): PlatformAdapter {
  const logger = options.logger.child({ component: 'console' });
  const messages = createConsoleMessages(options.store, options.now);
  const sender = createConsoleSender(messages);
  const streams = createEventStreams(messages);
  return {
    name: 'console',
    sender,
    directory: consoleDirectory,
    mount(router, pipeline) {
      // A real tax account behind an open console: only this machine may drive it.
      const access = { token: config.token, loopbackOnly: !config.token && !options.sandbox };
      mountConsoleRoutes({ router, pipeline, messages, sender, streams, access, sandbox: options.sandbox, logger });
    },
    async start() {},
    async stop() {
      streams.closeAll();
    },
  };
}
