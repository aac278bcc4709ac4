/**
 * The stream side of the fake DingTalk: `POST /v1.0/gateway/connections/open` hands out a one-time ticket and the
 * WebSocket address on the fake's own port; the socket then carries callbacks to the client (`type: CALLBACK`, a
 * topic and a messageId in `headers`, the robot message or card click as a JSON string in `data`) and the client's
 * acknowledgements back (`{code: 200, headers: {messageId}, data}`, `data` a JSON string `{response: …}`). Only the
 * CALLBACK topics the client subscribed to when it asked for the connection are pushed to it. A callback nobody
 * acknowledged can be pushed again, as DingTalk does after about a minute.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

export const STREAM_PATH = '/stream';
export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';

export interface PushedCallback {
  messageId: string;
  topic: string;
  data: string;
  acked: boolean;
  /** The acknowledgement's `data`, parsed. */
  answer?: unknown;
}

export class FakeStreamGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  /** Every ticket handed out, for tests that search logs for them. */
  readonly issuedTickets: string[] = [];
  private socket?: WebSocket;
  private readonly waiting = new Map<string, () => void>();
  readonly pushed: PushedCallback[] = [];
  /** Tickets handed out: each `connections/open` is one (re)connection. */
  ticketsIssued = 0;
  /** Sockets opened so far. */
  connections = 0;
  /** The CALLBACK topics of the last connection asked for. */
  private subscribed = new Set<string>();

  constructor(server: Server) {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== STREAM_PATH || !this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
    });
  }

  /** The gateway's answer to a client with good credentials and its `subscriptions`. */
  open(baseUrl: string, subscriptions: unknown): { endpoint: string; ticket: string } {
    const list = Array.isArray(subscriptions) ? (subscriptions as Array<{ type?: unknown; topic?: unknown }>) : [];
    this.subscribed = new Set(list.filter((item) => item.type === 'CALLBACK').map((item) => String(item.topic)));
    const ticket = randomBytes(12).toString('hex');
    this.tickets.add(ticket);
    this.issuedTickets.push(ticket);
    this.ticketsIssued += 1;
    return { endpoint: `${baseUrl.replace(/^http/u, 'ws')}${STREAM_PATH}`, ticket };
  }

  isConnected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Pushes a callback; resolves true once the client acknowledged it, false after `timeoutMs` without. */
  push(topic: string, payload: unknown, timeoutMs = 5_000): Promise<boolean> {
    const callback: PushedCallback = { messageId: `spush_${randomBytes(8).toString('hex')}`, topic, data: JSON.stringify(payload), acked: false };
    this.pushed.push(callback);
    return this.send(callback, timeoutMs);
  }

  /** Pushes an unacknowledged callback again, with its messageId. */
  rePush(callback: PushedCallback, timeoutMs = 5_000): Promise<boolean> {
    return this.send(callback, timeoutMs);
  }

  /** Drops the connection as a network failure would (the client reconnects by itself). */
  dropConnection(): void {
    this.socket?.terminate();
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private send(callback: PushedCallback, timeoutMs: number): Promise<boolean> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || !this.subscribed.has(callback.topic)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(callback.messageId);
        resolve(false);
      }, timeoutMs);
      this.waiting.set(callback.messageId, () => {
        clearTimeout(timer);
        resolve(true);
      });
      const headers = {
        appId: 'fake-app',
        connectionId: 'fake-connection',
        contentType: 'application/json',
        messageId: callback.messageId,
        time: String(Date.now()),
        topic: callback.topic,
      };
      socket.send(JSON.stringify({ specVersion: '1.0', type: 'CALLBACK', headers, data: callback.data }));
    });
  }

  private accept(ws: WebSocket): void {
    this.socket = ws;
    this.connections += 1;
    ws.on('message', (raw) => {
      let message: { headers?: { messageId?: string }; code?: number; data?: string };
      try {
        message = JSON.parse(String(raw)) as typeof message;
      } catch {
        return;
      }
      const messageId = message.headers?.messageId;
      const callback = this.pushed.find((candidate) => candidate.messageId === messageId);
      if (!callback || message.code !== 200) return;
      callback.acked = true;
      callback.answer = parseData(message.data);
      this.waiting.get(callback.messageId)?.();
      this.waiting.delete(callback.messageId);
    });
  }
}

function parseData(data: string | undefined): unknown {
  try {
    return JSON.parse(data ?? '');
  } catch {
    return data;
  }
}
