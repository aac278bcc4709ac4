/**
 * The Feishu receiver mounted on a real Koa server on loopback, with an in-memory inbox behind the real delivery pipeline and a handler that
 * records what it was given. Tests drive it with real HTTP requests built by `test/fakes/feishu/events.ts`.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Koa from 'koa';
import Router from 'koa-router';
import { pino } from 'pino';
import { mountFeishuRoutes, type FeishuReceiverDeps } from '../../../src/bot/feishu/receiver.js';
import { createDeliveryPipeline } from '../../../src/bot/delivery.js';
import type { ActionAnswer, Inbound, Inbox } from '../../../src/bot/platform.js';

export const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
export const VERIFICATION_TOKEN = 'test-verification-token';
export const BOT_OPEN_ID = 'ou_bot_0001';
/** The app id the fake events carry by default. */
export const APP_ID = 'cli_fake_app';

export class MemoryInbox implements Inbox {
  readonly seen = new Set<string>();
  readonly finished = new Set<string>();
  failing = false;

  async accept(inbound: Inbound): Promise<boolean> {
    if (this.failing) throw new Error('store not writable');
    if (this.seen.has(inbound.dedupeId)) return false;
    this.seen.add(inbound.dedupeId);
    return true;
  }

  async done(dedupeId: string): Promise<void> {
    this.finished.add(dedupeId);
  }

  pending(): Inbound[] {
    return [];
  }
}

export interface ReceiverHarness {
  url: string;
  webhook: string;
  card: string;
  inbounds: Inbound[];
  inbox: MemoryInbox;
  /** What the handler does with each inbound; default: answers nothing. */
  respond: (inbound: Inbound) => Promise<ActionAnswer | void>;
  /** Resolves once `count` inbounds were handled (polling; the receiver runs message handlers in the background). */
  waitForInbounds(count: number, timeoutMs?: number): Promise<Inbound[]>;
  close(): Promise<void>;
}

export async function startReceiver(overrides: Partial<FeishuReceiverDeps> = {}): Promise<ReceiverHarness> {
  const inbox = new MemoryInbox();
  const inbounds: Inbound[] = [];
  const app = new Koa();
  const router = new Router();
  const harness = {} as ReceiverHarness;
  harness.respond = async () => undefined;
  const logger = pino({ level: 'silent' });
  const pipeline = createDeliveryPipeline({
    inbox,
    logger,
    handle: async (inbound) => {
      inbounds.push(inbound);
      return harness.respond(inbound);
    },
  });
  mountFeishuRoutes(router, {
    appId: APP_ID,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    pipeline,
    logger,
    botOpenId: () => BOT_OPEN_ID,
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
    inbox,
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
