import { createSandboxApp } from './app.js';
import { listenOn } from './listen.js';
import type { SandboxOptions } from './options.js';
import type { SandboxState } from './state.js';

export interface RunningSandbox {
  /** http://host:port, no trailing slash: the client's base URL. */
  url: string;
  state: SandboxState;
  close(): Promise<void>;
}

/** Listens on host (default 127.0.0.1) and port (default 0: any free one). */
export async function startSandbox(options: SandboxOptions & { port?: number; host?: string }): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', ...sandboxOptions } = options;
  const { app, state } = createSandboxApp(sandboxOptions);
  const { url, close } = await listenOn(app, port, host);
  state.listeningUrl = url;
  return { url, state, close };
}
