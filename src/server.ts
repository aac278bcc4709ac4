/** The HTTP face of the bot: platform receivers on one router, and /healthz. */
import Koa from 'koa';
import Router from 'koa-router';
import type { Logger } from 'pino';

export interface ServerParts {
  logger: Logger;
  /** Whether the store accepts writes. */
  healthy: () => Promise<boolean>;
  /** Adds platform routes (receivers) to the router. */
  mount: (router: Router) => void;
  /** Extra middleware in front of the router (the in-process sandbox in sandbox mode). */
  before?: Koa.Middleware[];
}

export function createHttpApp(parts: ServerParts): Koa {
  const app = new Koa();
  const router = new Router();

  app.on('error', (error: unknown) => parts.logger.error({ err: error }, 'http error'));
  for (const middleware of parts.before ?? []) app.use(middleware);

  router.get('/healthz', async (ctx) => {
    const ok = await parts.healthy();
    ctx.status = ok ? 200 : 503;
    ctx.body = { ok };
  });
  parts.mount(router);

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
