/**
 * The Feishu receiver mounted on a real Koa server on loopback, with an in-memory delivery log and a handler that
 * records what it was given. Tests drive it with real HTTP requests built by `test/fakes/feishu/events.ts`.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Koa from 'koa';
import Router from 'koa-router';
import { pino } from 'pino';
import { mountFeishuRoutes, type FeishuReceiverDeps } from '../../../src/bot/feishu/receiver.js';
import type { ActionAnswer, DeliveryLog, Inbound } from '../../../src/bot/platform.js';

export const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
export const VERIFICATION_TOKEN = 'test-verification-token';
export const BOT_OPEN_ID = 'ou_bot_0001';

export class MemoryDeliveryLog implements DeliveryLog {
  readonly seen = new Set<string>();
  failing = false;

  async firstDelivery(dedupeId: string): Promise<boolean> {
    if (this.failing) throw new Error('store not writable');
    if (this.seen.has(dedupeId)) return false;
    this.seen.add(dedupeId);
    return true;
  }
}

export interface ReceiverHarness {
  url: string;
  webhook: string;
  card: string;
  inbounds: Inbound[];
  deliveryLog: MemoryDeliveryLog;
  /** What the handler does with each inbound; default: answers nothing. */
  respond: (inbound: Inbound) => Promise<ActionAnswer | void>;
  /** Resolves once `count` inbounds were handled (polling; the receiver runs message handlers in the background). */
  waitForInbounds(count: number, timeoutMs?: number): Promise<Inbound[]>;
  close(): Promise<void>;
}

export async function startReceiver(overrides: Partial<FeishuReceiverDeps> = {}): Promise<ReceiverHarness> {
  const deliveryLog = new MemoryDeliveryLog();
  const inbounds: Inbound[] = [];
  const app = new Koa();
  const router = new Router();
  const harness = {} as ReceiverHarness;
  harness.respond = async () => undefined;
  mountFeishuRoutes(router, {
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    deliveryLog,
    logger: pino({ level: 'silent' }),
    botOpenId: () => BOT_OPEN_ID,
    handle: async (inbound) => {
      inbounds.push(inbound);
      return harness.respond(inbound);
    },
    ...overrides,
  });
  app.use(router.routes()).use(router.allowedMethods());
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(harness, {
    url,
    webhook: `${url}/feishu/webhook`,
    card: `${url}/feishu/card`,
    inbounds,
    deliveryLog,
    async waitForInbounds(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (inbounds.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${inbounds.length} of ${count} inbounds handled`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return inbounds;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
