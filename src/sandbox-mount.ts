/**
 * Sandbox mode: the provider simulator runs in-process, mounted under /sandbox on the bot's own port, so the QR
 * images and download links it hands out are reachable through PUBLIC_URL like the rest of the bot.
 */
import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import { createSandboxState, sandboxMiddleware } from './api/sandbox/index.js';

export const SANDBOX_PREFIX = '/sandbox';

export interface MountedSandbox {
  middleware: Middleware;
  appId: string;
  appSecret: string;
}

export function mountSandbox(publicUrl: string): MountedSandbox {
  const appId = 'sandbox';
  const appSecret = randomBytes(16).toString('hex');
  const state = createSandboxState({ appId, appSecret, publicUrl: `${publicUrl}${SANDBOX_PREFIX}` });
  const simulator = sandboxMiddleware(state);
  const middleware: Middleware = async (ctx, next) => {
    if (ctx.path !== SANDBOX_PREFIX && !ctx.path.startsWith(`${SANDBOX_PREFIX}/`)) return next();
    const outside = ctx.path;
    ctx.path = outside.slice(SANDBOX_PREFIX.length) || '/';
    await simulator(ctx, async () => {
      ctx.path = outside;
      await next();
    });
  };
  return { middleware, appId, appSecret };
}
