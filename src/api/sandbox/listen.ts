/** A simulator's Koa app listening on host and port (0: any free one): its base URL, and how to stop it. */
import type Koa from 'koa';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** http://host:port, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

export async function listenOn(app: Koa, port: number, host: string): Promise<Listening> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const printableHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${printableHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
