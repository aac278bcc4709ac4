/**
 * The bot under test, alone in its own process so the load generator never shares its event loop: the real
 * `startBot` on 127.0.0.1 with a temp DATA_DIR, its config handed in by the parent (BENCH_BOT_ENV, JSON), logs off.
 * Answers `memory` (with the delivery backlog), `backlog` and `stop` over IPC (child-rpc.ts); nothing is added to the bot's own routes.
 */
import { rm } from 'node:fs/promises';
import { startBot } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryMiB, serveRpc } from './child-rpc.js';
import { exitSoon } from './exit-soon.js';
import type { ServerReady } from './processes.js';

const env = JSON.parse(process.env.BENCH_BOT_ENV ?? '{}') as Record<string, string>;
const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' });
const bot = await startBot(config, { host: '127.0.0.1' });

await serveRpc(
  {
    memory: () => ({ ...memoryMiB(), backlog: bot.backlog() }),
    backlog: () => bot.backlog(),
    async stop() {
      await bot.close();
      await rm(config.dataDir, { recursive: true, force: true });
      exitSoon();
    },
  },
  async (): Promise<ServerReady> => ({ port: bot.port }),
);
