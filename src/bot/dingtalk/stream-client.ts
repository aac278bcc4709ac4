/**
 * The `dingtalk-stream` package's client with its connection run here: the package reads frames, answers the
 * gateway's pings and sends acknowledgements; this class asks for the socket address, opens the socket, keeps it
 * alive and reconnects, and says so through pino. The package's own versions of those steps print to stdout
 * (`console.info('connect success')`, `'Disconnecting.'`, `console.warn('ERROR', …)`) with no option to stop them, and
 * schedule a second reconnect when a socket fails to open; the bot's only output is its structured log.
 *
 * The package asks its gateway at a fixed address (GATEWAY_URL, `https://api.dingtalk.com/v1.0/gateway/connections/
 * open`); here the same path is asked on DINGTALK_API_BASE instead — the same address in production, the fake
 * platform's in tests — over undici. Nothing reconnects once `stop` was called.
 */
import { DWClient } from 'dingtalk-stream';
import type { Logger } from 'pino';
import { request } from 'undici';
import WebSocket from 'ws';
import { DingTalkApiError } from './api-error.js';

export const GATEWAY_PATH = '/v1.0/gateway/connections/open';
/** A gateway that does not answer is given up on and asked again. */
const GATEWAY_TIMEOUT_MS = 15_000;
/** The package's own pace: a ping every 8 s (a socket that answered none since the last is dropped), a retry after 1 s. */
const HEARTBEAT_MS = 8_000;
const RECONNECT_MS = 1_000;

export interface StreamCredentials {
  clientId: string;
  clientSecret: string;
  apiBase: string;
}

export class StreamClient extends DWClient {
  private stopped = false;
  private alive = false;
  private socketUrl = '';
  private current?: WebSocket;
  private heartbeatTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(
    private readonly credentials: StreamCredentials,
    private readonly logger: Logger,
  ) {
    super({ clientId: credentials.clientId, clientSecret: credentials.clientSecret });
  }

  override async getEndpoint(): Promise<this> {
    const { clientId, clientSecret, apiBase } = this.credentials;
    const response = await request(`${apiBase}${GATEWAY_PATH}`, {
      method: 'POST',
      headersTimeout: GATEWAY_TIMEOUT_MS,
      bodyTimeout: GATEWAY_TIMEOUT_MS,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId, clientSecret, ua: 'fapiao-bot', subscriptions: this.config.subscriptions }),
    });
    const body = (await response.body.json().catch(() => undefined)) as { endpoint?: string; ticket?: string } | undefined;
    if (response.statusCode >= 300 || !body?.endpoint || !body.ticket) {
      throw new DingTalkApiError('gateway.connections.open', { status: response.statusCode, message: 'no endpoint' });
    }
    // Never logged: the ticket opens the socket.
    this.socketUrl = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  override async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.getEndpoint();
    } catch (error) {
      this.logger.warn({ err: error }, 'dingtalk stream gateway refused or did not answer; asking again');
      return this.reconnectSoon();
    }
    // A socket that fails to open also closes, and its close handler tries again.
    await this._connect().catch(() => undefined);
  }

  override _connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stopped) return resolve();
      const socket = new WebSocket(this.socketUrl);
      this.current = socket;
      // The package reads frames and sends acknowledgements and ping answers on its private `socket`.
      Object.assign(this, { socket });
      socket.on('open', () => {
        this.connected = true;
        this.alive = true;
        this.heartbeatTimer = setInterval(() => this.checkHeartbeat(socket), HEARTBEAT_MS);
        this.logger.info('dingtalk stream connected');
        resolve();
      });
      socket.on('pong', () => this.heartbeat());
      socket.on('message', (data) => this.receive(String(data)));
      socket.on('close', (code) => {
        if (this.current !== socket) return;
        clearInterval(this.heartbeatTimer);
        this.connected = false;
        this.registered = false;
        if (this.stopped) return void this.logger.info('dingtalk stream disconnected');
        this.logger.warn({ code }, 'dingtalk stream closed; reconnecting');
        this.reconnectSoon();
      });
      socket.on('error', (error) => {
        if (!this.stopped) this.logger.warn({ err: error }, 'dingtalk stream socket failed');
        socket.terminate();
        reject(error);
      });
    });
  }

  /** The socket answered (a pong, or the gateway's KEEPALIVE). */
  override heartbeat(): void {
    this.alive = true;
  }

  /** Closes the socket for good; also what the package's `disconnect` means here. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    this.connected = false;
    this.current?.close();
  }

  override disconnect(): void {
    this.stop();
  }

  private receive(frame: string): void {
    try {
      this.onDownStream(frame);
    } catch (error) {
      this.logger.warn({ err: error }, 'dingtalk stream frame could not be read; dropped');
    }
  }

  private checkHeartbeat(socket: WebSocket): void {
    if (!this.alive) {
      this.logger.warn('dingtalk stream answered no ping; reconnecting');
      socket.terminate();
      return;
    }
    this.alive = false;
    socket.ping();
  }

  private reconnectSoon(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), RECONNECT_MS);
  }
}
