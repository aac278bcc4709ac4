/**
 * The Kingdee 发票云 v4 simulator: a Koa app that speaks Kingdee's wire (src/api/kingdee/wire.ts) over loopback,
 * with control routes under /__sandbox/ in the spirit of the jumdata simulator. See options.ts for every knob.
 */
import Koa from 'koa';
import { listenOn } from '../listen.js';
import { kingdeeControlMiddleware } from './control.js';
import { kingdeeMiddleware } from './dispatch.js';
import { resolveKingdeeOptions, type KingdeeSandboxOptions } from './options.js';
import { KingdeeSimState } from './state.js';

export type { KingdeeSandboxOptions } from './options.js';
export { KingdeeSimState } from './state.js';

export interface RunningKingdeeSandbox {
  /** http://127.0.0.1:port: the client's base URL. */
  url: string;
  state: KingdeeSimState;
  close(): Promise<void>;
}

export async function startKingdeeSandbox(options: KingdeeSandboxOptions & { port?: number }): Promise<RunningKingdeeSandbox> {
  const { port = 0, ...rest } = options;
  const state = new KingdeeSimState(resolveKingdeeOptions(rest));
  const app = new Koa();
  const wire = kingdeeMiddleware(state);
  const control = kingdeeControlMiddleware(state);
  app.use((ctx, next) => wire(ctx, () => control(ctx, next)));
  const { url, close } = await listenOn(app, port, '127.0.0.1');
  state.listeningUrl = url;
  return { url, state, close };
}
