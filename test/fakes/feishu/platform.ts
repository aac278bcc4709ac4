/**
 * A fake Feishu open platform on loopback: the real `@larksuiteoapi/node-sdk` is pointed at it with
 * `domain: fake.url`. It checks credentials and bearer tokens, honours `uuid` idempotency for an hour, enforces what
 * Feishu enforces on cards (card-validator.ts, `update_multi` on both sides of a PATCH) and its frequency limits
 * (5 sends a second per chat, 5 PATCHes a second per message: 230020), and records every message, image, PATCH and
 * card update so tests can look at what a person in the chat would see. Its address book (`users`) answers
 * `contact.user.get` (contacts.ts).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import Router from 'koa-router';
import { declaresUpdateMulti, validateCard } from './card-validator.js';
import { mountContacts } from './contacts.js';
import { FREQUENCY_LIMIT_CODE, FrequencyLimit } from './frequency-limit.js';
import { apiGateway, recordCalls } from './gateway.js';
import { mentionsEveryone } from './mentions.js';
import { messageData, parseJsonString, parseMessageBody, type ParsedMessage } from './message-body.js';
import { pollUntil } from '../poll.js';
import { readJsonBody, readMultipart } from '../request-body.js';
import { TokenRegistry } from './token-registry.js';
import { UuidLedger } from './uuid-ledger.js';
import type { FakeFeishuCall, FakeFeishuCardUpdate, FakeFeishuMessage, FakeFeishuPatch, InjectedFailure } from './records.js';

export type { FakeFeishuCall, FakeFeishuCardUpdate, FakeFeishuMessage, FakeFeishuPatch } from './records.js';

export interface FakeFeishuOptions {
  /** Default: a unique `cli_fake_…` id, so the SDK's process-wide token cache is never shared between tests. */
  appId?: string;
  appSecret?: string;
  botOpenId?: string;
  botName?: string;
  /** `expire` of issued tenant tokens, seconds (Feishu: 7200). */
  tokenExpireSeconds?: number;
  /** The fake's clock: token expiry, uuid dedupe, frequency limits. */
  now?: () => number;
  /** Messages (send and reply) per chat per second; Feishu: 5 per group, shared by its bots. */
  sendsPerChatPerSecond?: number;
  /** PATCHes per message per second; Feishu: 5 ("单条消息更新频控为 5 QPS"). */
  patchesPerMessagePerSecond?: number;
}

export interface FakeFeishu {
  readonly url: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly botOpenId: string;
  readonly botName: string;
  readonly messages: FakeFeishuMessage[];
  readonly images: Map<string, Buffer>;
  readonly patches: FakeFeishuPatch[];
  readonly cardUpdates: FakeFeishuCardUpdate[];
  readonly calls: FakeFeishuCall[];
  /** The address book `contact.user.get` reads: open_id → name. Tests fill it. */
  readonly users: Map<string, string>;
  /** How many distinct tenant tokens were issued. */
  tokensIssued(): number;
  /** The tenant tokens issued so far. */
  issuedTokens(): string[];
  /** The next `count` API calls answer HTTP 429, code 99991400, with `x-ogw-ratelimit-reset: resetSeconds`. */
  rateLimitNext(count: number, options?: { resetSeconds?: number }): void;
  /** The next `count` API calls (to `failure.path` only, when given) answer with this error (e.g. HTTP 400, code 230002 "bot not in chat"). */
  failNext(count: number, failure: InjectedFailure): void;
  /** Every token issued so far is rejected with 99991663 from now on. */
  expireTokens(): void;
  messagesIn(chatId: string): FakeFeishuMessage[];
  /** Messages that mention everyone (`<at user_id="all">`, `@_all`). */
  everyoneMentions(): FakeFeishuMessage[];
  message(messageId: string): FakeFeishuMessage | undefined;
  /**
   * Polls until `predicate` returns something truthy and returns it (the bot answers asynchronously).
   * On timeout it throws, listing what was recorded.
   */
  waitFor<T>(predicate: (fake: FakeFeishu) => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /**
   * Drops everything recorded (messages, calls, patches, card updates, images, the uuid ledger), for a bench that
   * sends tens of thousands of replies: call it only once the bot has gone quiet, since a send retried after it would
   * post anew. Tokens, users and limits stay.
   */
  forget(): void;
  close(): Promise<void>;
}

const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MAX_UUID_LENGTH = 50;
const SECOND_MS = 1_000;

export async function startFakeFeishu(options: FakeFeishuOptions = {}): Promise<FakeFeishu> {
  const now = options.now ?? Date.now;
  const appId = options.appId ?? `cli_fake_${randomBytes(6).toString('hex')}`;
  const appSecret = options.appSecret ?? 'fake-app-secret';
  const botOpenId = options.botOpenId ?? 'ou_fake_bot';
  const botName = options.botName ?? '开票助手';
  const tokens = new TokenRegistry(options.tokenExpireSeconds ?? 7200, now);
  const messages: FakeFeishuMessage[] = [];
  /** The bench keeps tens of thousands of messages: a reply or a card update must not scan them all. */
  const messagesById = new Map<string, FakeFeishuMessage>();
  const images = new Map<string, Buffer>();
  const patches: FakeFeishuPatch[] = [];
  const cardUpdates: FakeFeishuCardUpdate[] = [];
  const calls: FakeFeishuCall[] = [];
  const messagesByUuid = new UuidLedger<FakeFeishuMessage>(now);
  const chatSends = new FrequencyLimit(options.sendsPerChatPerSecond ?? 5, SECOND_MS, now);
  const messagePatches = new FrequencyLimit(options.patchesPerMessagePerSecond ?? 5, SECOND_MS, now);
  const injected: InjectedFailure[] = [];
  const users = new Map<string, string>();
  let sequence = 0;
  const nextId = (prefix: string): string => `${prefix}${(++sequence).toString(16).padStart(6, '0')}${randomBytes(4).toString('hex')}`;

  const app = new Koa();
  const router = new Router();

  app.use(recordCalls(calls));
  app.use(apiGateway(tokens, injected));

  router.post('/open-apis/auth/v3/tenant_access_token/internal', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    if (body?.app_id !== appId) {
      ctx.body = { code: 10003, msg: 'invalid param' };
      return;
    }
    if (body.app_secret !== appSecret) {
      ctx.body = { code: 10014, msg: 'app secret invalid' };
      return;
    }
    const { token, expire } = tokens.issue(appId);
    ctx.body = { code: 0, msg: 'ok', tenant_access_token: token, expire };
  });

  router.get('/open-apis/bot/v3/info', (ctx) => {
    ctx.body = { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: botName, avatar_url: '', ip_white_list: [], open_id: botOpenId } };
  });

  router.post('/open-apis/im/v1/images', async (ctx) => {
    const form = await readMultipart(ctx.req);
    const image = form?.get('image');
    if (!image || form?.get('image_type')?.data.toString() !== 'message') {
      return badRequest(ctx, 234001, 'Invalid request param.');
    }
    const bytes = Buffer.from(image.data);
    if (bytes.length === 0 || bytes.length > MAX_IMAGE_BYTES) return badRequest(ctx, 234006, 'The file size exceeds the limit.');
    const imageKey = `img_v3_${nextId('')}`;
    images.set(imageKey, bytes);
    ctx.body = { code: 0, msg: 'success', data: { image_key: imageKey } };
  });

  router.post('/open-apis/im/v1/messages', async (ctx) => {
    if (ctx.query.receive_id_type !== 'chat_id') return badRequest(ctx, 99992402, 'field validation failed: receive_id_type');
    const body = await readJsonBody(ctx.req);
    const parsed = checkedMessage(body);
    if ('error' in parsed) return badRequest(ctx, parsed.code, parsed.error);
    if (typeof body?.receive_id !== 'string' || !body.receive_id) return badRequest(ctx, 230001, 'invalid receive_id');
    const uuid = typeof body.uuid === 'string' && body.uuid ? body.uuid : undefined;
    if (uuid && uuid.length > MAX_UUID_LENGTH) return badRequest(ctx, 99992402, 'field validation failed: uuid');
    // Decided: a repeated uuid is answered from the ledger without counting against the chat's frequency limit.
    const repeated = uuid ? messagesByUuid.find(uuid) : undefined;
    if (repeated) {
      ctx.body = { code: 0, msg: 'success', data: messageData(repeated) };
      return;
    }
    if (!chatSends.admit(body.receive_id)) return frequencyLimited(ctx, 'chat');
    const message = record({ chatId: body.receive_id, ...parsed, uuid, appId: ctx.state.appId as string });
    if (uuid) messagesByUuid.remember(uuid, message);
    ctx.body = { code: 0, msg: 'success', data: messageData(message) };
  });

  router.post('/open-apis/im/v1/messages/:messageId/reply', async (ctx) => {
    const parent = messagesById.get(ctx.params.messageId ?? '');
    if (!parent) return badRequest(ctx, 230011, 'The message was not found.');
    const body = await readJsonBody(ctx.req);
    const parsed = checkedMessage(body);
    if ('error' in parsed) return badRequest(ctx, parsed.code, parsed.error);
    if (!chatSends.admit(parent.chatId)) return frequencyLimited(ctx, 'chat');
    const message = record({ chatId: parent.chatId, ...parsed, replyTo: parent.messageId, appId: ctx.state.appId as string });
    ctx.body = { code: 0, msg: 'success', data: messageData(message) };
  });

  router.patch('/open-apis/im/v1/messages/:messageId', async (ctx) => {
    const message = messagesById.get(ctx.params.messageId ?? '');
    if (!message) return badRequest(ctx, 230011, 'The message was not found.');
    if (message.msgType !== 'interactive') return badRequest(ctx, 230001, 'only card messages can be patched');
    const body = await readJsonBody(ctx.req);
    const content = parseJsonString(body?.content);
    if (content === undefined) return badRequest(ctx, 230001, 'invalid content');
    const violation = validateCard(content);
    if (violation) return badRequest(ctx, violation.code, violation.msg);
    // "你需在更新前后卡片的 config 属性中，均显式声明 update_multi:true" (PATCH docs); the code is our choice.
    if (!declaresUpdateMulti(message.content) || !declaresUpdateMulti(content)) {
      return badRequest(ctx, 230001, 'Your request contains an invalid request parameter: config.update_multi must be true on the sent and the new card');
    }
    if (!messagePatches.admit(message.messageId)) return frequencyLimited(ctx, 'message');
    message.content = content;
    patches.push({ messageId: message.messageId, content, at: now() });
    ctx.body = { code: 0, msg: 'success', data: {} };
  });

  router.post('/open-apis/interactive/v1/card/update', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    if (typeof body?.token !== 'string' || typeof body.card !== 'object' || body.card === null) {
      return badRequest(ctx, 200621, 'parse card json err');
    }
    const violation = validateCard(body.card);
    if (violation) return badRequest(ctx, violation.code, violation.msg);
    cardUpdates.push({ token: body.token, card: body.card, at: now() });
    ctx.body = { code: 0, msg: 'success' };
  });

  mountContacts(router, users);

  app.use(router.routes()).use(router.allowedMethods());

  /** A message body as the API checks it: its type and content, and for a card everything card-validator checks. */
  function checkedMessage(body: Record<string, unknown> | undefined): ParsedMessage {
    const parsed = parseMessageBody(body, images);
    if ('error' in parsed || parsed.msgType !== 'interactive') return parsed;
    const violation = validateCard(parsed.content);
    return violation ? { error: violation.msg, code: violation.code } : parsed;
  }

  function record(
    fields: Omit<FakeFeishuMessage, 'messageId' | 'createdAt' | 'originalContent' | 'mentionsEveryone'>,
  ): FakeFeishuMessage {
    const message: FakeFeishuMessage = {
      ...fields,
      messageId: nextId('om_'),
      originalContent: fields.content,
      mentionsEveryone: mentionsEveryone(fields.msgType, fields.content),
      createdAt: now(),
    };
    messages.push(message);
    messagesById.set(message.messageId, message);
    return message;
  }

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;

  const fake: FakeFeishu = {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    botOpenId,
    botName,
    messages,
    images,
    patches,
    cardUpdates,
    calls,
    forget() {
      for (const records of [messages, patches, cardUpdates, calls] as unknown[][]) records.length = 0;
      messagesById.clear();
      images.clear();
      messagesByUuid.clear();
    },
    users,
    tokensIssued: () => tokens.issuedCount,
    issuedTokens: () => tokens.all(),
    rateLimitNext(count, rateOptions = {}) {
      const headers = { 'x-ogw-ratelimit-limit': '5', 'x-ogw-ratelimit-reset': String(rateOptions.resetSeconds ?? 1) };
      for (let i = 0; i < count; i += 1) {
        injected.push({ status: 429, code: 99991400, msg: 'request trigger frequency limit', headers });
      }
    },
    failNext(count, failure) {
      for (let i = 0; i < count; i += 1) injected.push(failure);
    },
    expireTokens: () => tokens.expireAll(),
    messagesIn: (chatId) => messages.filter((message) => message.chatId === chatId),
    everyoneMentions: () => messages.filter((message) => message.mentionsEveryone),
    message: (messageId) => messagesById.get(messageId),
    waitFor: (predicate, timeoutMs = 10_000) =>
      pollUntil(() => predicate(fake), timeoutMs, () => {
        const seen = messages.map((m) => `${m.msgType} ${m.chatId}: ${JSON.stringify(m.content).slice(0, 200)}`);
        return `fake Feishu: condition not met within ${timeoutMs} ms; messages:\n${seen.join('\n')}`;
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}

function badRequest(ctx: Koa.Context, code: number, msg: string): void {
  ctx.status = 400;
  ctx.body = { code, msg };
}

/** HTTP 400, code 230020: Feishu's answer to more than 5 sends a second into a chat or 5 PATCHes a second of a card. */
function frequencyLimited(ctx: Koa.Context, scope: 'chat' | 'message'): void {
  badRequest(ctx, FREQUENCY_LIMIT_CODE, `This operation triggers the frequency limit (${scope}).`);
}
