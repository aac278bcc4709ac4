/**
 * The yardstick: a bare Koa route in a child process shaped like bot-process.ts (same Koa and router, same
 * loopback listener), `POST /bare` reads the whole body and answers `{}`. What the bot costs is the difference.
 */
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from 'koa-router';
import { memoryMiB, serveRpc } from './child-rpc.js';
import { exitSoon } from './exit-soon.js';
import { BARE_PATH, type ServerReady } from './processes.js';

const app = new Koa();
const router = new Router();
router.post(BARE_PATH, async (ctx) => {
  for await (const chunk of ctx.req) void chunk;
  ctx.body = {};
});
app.use(router.routes());
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));

await serveRpc(
  {
    memory: () => memoryMiB(),
    stop() {
      server.closeAllConnections();
      server.close();
      exitSoon();
    },
  },
  async (): Promise<ServerReady> => ({ port: (server.address() as AddressInfo).port }),
);
