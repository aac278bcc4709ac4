/**
 * Live updates for the page as server-sent events: first every change after the revision the page last saw (none on
 * a fresh page: the whole history; `Last-Event-ID` on a reconnect), then each change as it happens. The event id is
 * the revision, so the browser's own reconnect resumes where it stopped.
 */
import type { Context } from 'koa';
import type { ConsoleMessage, ConsoleMessages } from '../../store/console-messages.js';
import { toPage } from './wire.js';

/** Proxies close idle connections; a comment line now and then keeps the stream open. */
const KEEP_ALIVE_MS = 15_000;

export interface EventStreams {
  open(ctx: Context): void;
  /** Ends every open stream (shutdown). */
  closeAll(): void;
}

export function createEventStreams(messages: ConsoleMessages): EventStreams {
  const open = new Set<() => void>();
  return {
    open(ctx) {
      const lastSeen = Number(ctx.get('Last-Event-ID') || ctx.query.after || 0);
      ctx.req.socket.setTimeout(0);
      ctx.req.socket.setNoDelay(true);
      // Written to the response directly: a stream handed to Koa reports every closed tab as an error.
      ctx.respond = false;
      const stream = ctx.res;
      stream.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
      const send = (message: ConsoleMessage) => stream.write(`id: ${message.rev}\ndata: ${JSON.stringify(toPage(message))}\n\n`);
      stream.write(': hello\n\n');
      for (const message of messages.changedSince(Number.isFinite(lastSeen) ? lastSeen : 0)) send(message);
      const unsubscribe = messages.subscribe(send);
      const keepAlive = setInterval(() => stream.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      const end = () => {
        if (!open.delete(end)) return;
        unsubscribe();
        clearInterval(keepAlive);
        stream.end();
      };
      open.add(end);
      ctx.req.once('close', end);
    },
    closeAll() {
      for (const end of [...open]) end();
    },
  };
}
