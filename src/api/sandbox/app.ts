import Koa from 'koa';
import type { Middleware } from 'koa';
import { assetsMiddleware } from './assets.js';
import { controlMiddleware } from './control.js';
import { jumdataMiddleware } from './dispatch.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import { SandboxState } from './state.js';

/**
 * The whole simulator as one middleware: /tax/v3/makeout/* (jumdata wire), /__sandbox/* (control, QR images,
 * scan page, PDFs); anything else goes to `next`. Mount it on any prefix-free Koa app, before any body parser.
 */
export function sandboxMiddleware(state: SandboxState): Middleware {
  const jumdata = jumdataMiddleware(state);
  const control = controlMiddleware(state);
  const assets = assetsMiddleware(state);
  return (ctx, next) => jumdata(ctx, () => control(ctx, () => assets(ctx, next)));
}

export function createSandboxState(options: SandboxOptions): SandboxState {
  return new SandboxState(resolveOptions(options));
}

export function createSandboxApp(options: SandboxOptions): { app: Koa; state: SandboxState } {
  const state = createSandboxState(options);
  const app = new Koa();
  app.use(sandboxMiddleware(state));
  return { app, state };
}
