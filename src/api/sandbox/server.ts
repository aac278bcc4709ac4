import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandboxApp } from './app.js';
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
  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const printableHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${printableHost}:${address.port}`;
  state.listeningUrl = url;
  return {
    url,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
