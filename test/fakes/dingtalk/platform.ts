/**
 * A fake DingTalk open platform on loopback. The bot's own client talks to it through DINGTALK_API_BASE and
 * DINGTALK_OAPI_BASE (both this fake's URL): the access token (`/v1.0/oauth2/accessToken`, checked on every call),
 * robot messages into groups (`/v1.0/robot/groupMessages/send`) and to people (`/v1.0/robot/oToMessages/batchSend`),
 * image uploads (`/media/upload`), its address book (`/topapi/v2/user/get`), a group's robot list
 * (`/v1.0/robot/groups/robots/query`, where the robot's name is), and the stream gateway (stream-gateway.ts). Every
 * message the bot posts is recorded
 * as a person would see it.
 *
 * Interactive cards (card-instances.ts) are recorded the same way and change in place.
 *
 * Its members talk to the bot the way DingTalk delivers them: `say` sends a message as a group member (the signed
 * HTTP callback, or a stream push), and `click` sends the text a card's `dtmd://…sendMessage` link carries, as the
 * member who clicked — or, on an interactive card, pushes the button's callback over the stream. In a group the
 * robot only receives messages that mention it, with that mention taken out.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import Router from 'koa-router';
import { deliver as post } from '../deliver.js';
import { pollUntil } from '../poll.js';
import { readJsonBody, readMultipart } from '../request-body.js';
import { cardClick, robotMessage, signedCallback } from './callback.js';
import { mountCardInstanceRoutes } from './card-instances.js';
import { readMarkdownCard } from './markdown-reading.js';
import type { FakeDingTalkCall, FakeDingTalkMessage, InjectedFailure } from './records.js';
import { FakeStreamGateway, TOPIC_CARD, TOPIC_ROBOT, type PushedCallback } from './stream-gateway.js';

export type { FakeDingTalkCall, FakeDingTalkMessage } from './records.js';
export type { ReadCard } from './markdown-reading.js';

export interface FakeDingTalkOptions {
  clientId?: string;
  clientSecret?: string;
  robotCode?: string;
  botName?: string;
  /** `expireIn` of issued access tokens, seconds (DingTalk: 7200). */
  tokenExpireSeconds?: number;
  /** Whether the app may read a group's robot list (`qyapi_chat_manage`); default yes. */
  chatManagePermission?: boolean;
  now?: () => number;
}

export interface MemberMessage {
  /** Default the group. */
  chatId?: string;
  chatType?: 'group' | 'p2p';
  userId: string;
  text: string;
  msgId?: string;
  /** In a group, whether the text mentions the bot (default true): without, the robot never receives it. */
  mentionsBot?: boolean;
  /** The callback's timestamp (ms), default now; the signature is made for it. */
  timestamp?: number;
  /** Other members mentioned after the text (`审批人 添加 @张三`), as the client writes them. */
  mentions?: Array<{ userId: string; name: string }>;
}

/** What the member's client got back: the callback's HTTP answer, or the stream's acknowledgement. */
export interface Delivery {
  /** False when the robot never receives it (a group message without a mention of the bot). */
  delivered: boolean;
  status: number;
  json?: any;
  /** The robot message as sent, for replays. */
  body?: Record<string, unknown>;
}

export interface FakeDingTalk {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  readonly botName: string;
  readonly messages: FakeDingTalkMessage[];
  readonly images: Map<string, Buffer>;
  readonly calls: FakeDingTalkCall[];
  readonly stream: FakeStreamGateway;
  /**
   * The organisation's address book: staffId → name, the nick a member's messages carry and what `topapi/v2/user/get`
   * answers. Tests fill it.
   */
  readonly users: Map<string, string>;
  /** Where `say` posts in HTTP mode (the bot's /dingtalk/webhook); unset = stream mode. */
  webhookUrl?: string;
  tokensIssued(): string[];
  /** The next `count` API calls answer HTTP 403 with a QPS-limit code. */
  rateLimitNext(count: number): void;
  failNext(count: number, failure: InjectedFailure): void;
  /** Every token issued so far is refused from now on. */
  expireTokens(): void;
  /** The bot was removed from the group: sends into it fail. */
  removeBotFrom(chatId: string): void;
  messagesIn(chatId: string): FakeDingTalkMessage[];
  /** A member types `text`; delivered like DingTalk does (HTTP callback or stream). */
  say(message: MemberMessage): Promise<Delivery>;
  /**
   * A member clicks the button labelled `label` on a card the bot sent, as that card showed when read: a markdown
   * card's link sends its text as theirs; an interactive card's button pushes its callback over the stream. With
   * `input` (a markdown card), they type the link's text themselves with `input` between the button and its token,
   * as the card says to.
   */
  click(card: FakeDingTalkMessage, label: string, member: { userId: string; msgId?: string; input?: string }): Promise<Delivery>;
  /** Posts exactly this robot message again (a replay, or DingTalk's own re-push), signed for `timestamp`. */
  replay(body: Record<string, unknown>, timestamp?: number): Promise<Delivery>;
  waitFor<T>(predicate: (fake: FakeDingTalk) => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const MAX_MSG_PARAM_BYTES = 15_000;
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const MSG_KEYS = new Set(['sampleText', 'sampleMarkdown', 'sampleImageMsg', 'sampleActionCard']);
export const GROUP = 'cidFinanceGroup==';

export async function startFakeDingTalk(options: FakeDingTalkOptions = {}): Promise<FakeDingTalk> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? `ding${randomBytes(6).toString('hex')}`;
  const clientSecret = options.clientSecret ?? 'fake-dingtalk-secret';
  const robotCode = options.robotCode ?? clientId;
  const botName = options.botName ?? '开票助手';
  const tokenExpireMs = (options.tokenExpireSeconds ?? 7200) * 1000;
  const tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  const messages: FakeDingTalkMessage[] = [];
  const images = new Map<string, Buffer>();
  const calls: FakeDingTalkCall[] = [];
  const injected: InjectedFailure[] = [];
  const botRemovedFrom = new Set<string>();
  const users = new Map<string, string>();
  /** Card clicks pushed under a delivery id the test gave, to push again. */
  const cardClicks = new Map<string, PushedCallback>();
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}${(++sequence).toString(16).padStart(6, '0')}${randomBytes(4).toString('hex')}`;

  const app = new Koa();
  const router = new Router();

  app.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { code?: unknown; errcode?: unknown } | undefined;
    const code = body?.code ?? (body?.errcode === 0 ? undefined : body?.errcode);
    calls.push({ method: ctx.method, path: ctx.path, status: ctx.status, code: code === undefined ? undefined : String(code) });
  });

  // Injected failures first, then the access token: a header on the v1.0 API, a query parameter on oapi.
  app.use(async (ctx, next) => {
    if (ctx.path === '/v1.0/oauth2/accessToken' || ctx.path === '/v1.0/gateway/connections/open') return next();
    const index = injected.findIndex((candidate) => !candidate.path || candidate.path === ctx.path);
    const failure = index === -1 ? undefined : injected.splice(index, 1)[0];
    const oapi = !ctx.path.startsWith('/v1.0/');
    if (failure) {
      ctx.status = failure.status;
      for (const [name, value] of Object.entries(failure.headers ?? {})) ctx.set(name, value);
      // The legacy API tells its errors by errcode, the v1.0 API by code.
      ctx.body = oapi
        ? { errcode: /^\d+$/u.test(failure.code) ? Number(failure.code) : failure.code, errmsg: failure.message }
        : { code: failure.code, message: failure.message, requestid: nextId('req') };
      return;
    }
    const token = oapi ? String(ctx.query.access_token ?? '') : ctx.get('x-acs-dingtalk-access-token');
    const issued = tokens.get(token);
    if (!issued || issued.revoked || issued.expiresAt <= now()) {
      if (oapi) ctx.body = { errcode: 40014, errmsg: '不合法的access_token' };
      else {
        ctx.status = 401;
        ctx.body = { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: nextId('req') };
      }
      return;
    }
    return next();
  });

  router.post('/v1.0/oauth2/accessToken', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    if (body?.appKey !== clientId || body.appSecret !== clientSecret) {
      ctx.status = 400;
      ctx.body = { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: nextId('req') };
      return;
    }
    const token = `dt-fake-${randomBytes(12).toString('hex')}`;
    tokens.set(token, { expiresAt: now() + tokenExpireMs, revoked: false });
    ctx.body = { accessToken: token, expireIn: tokenExpireMs / 1000 };
  });

  router.post('/media/upload', async (ctx) => {
    const form = await readMultipart(ctx.req);
    const media = form?.get('media');
    const type = String(ctx.query.type ?? form?.get('type')?.data.toString() ?? '');
    if (!media || type !== 'image') {
      ctx.body = { errcode: 40004, errmsg: '不合法的媒体文件类型' };
      return;
    }
    if (media.data.length === 0 || media.data.length > MAX_IMAGE_BYTES) {
      ctx.body = { errcode: 40006, errmsg: '不合法的文件大小' };
      return;
    }
    const mediaId = `@lADP${nextId('')}`;
    images.set(mediaId, Buffer.from(media.data));
    ctx.body = { errcode: 0, errmsg: 'ok', media_id: mediaId, type: 'image', created_at: now() };
  });

  router.post('/topapi/v2/user/get', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    const name = users.get(String(body?.userid ?? ''));
    ctx.body =
      name === undefined
        ? { errcode: 60121, errmsg: '找不到该用户', request_id: nextId('req') }
        : { errcode: 0, errmsg: 'ok', result: { userid: body!.userid, name }, request_id: nextId('req') };
  });

  router.post('/v1.0/robot/groupMessages/send', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    const chatId = typeof body?.openConversationId === 'string' ? body.openConversationId : '';
    if (!chatId) return badRequest(ctx, 'invalid.openConversationId', '无效的openConversationId');
    if (body?.robotCode !== robotCode || botRemovedFrom.has(chatId)) {
      return badRequest(ctx, 'invalidParameter.robotCode.notExsit', '机器人不存在，请检查机器人是否在群内');
    }
    const message = checkedMessage(ctx, body, chatId, 'group');
    if (message) ctx.body = { processQueryKey: message.processQueryKey };
  });

  router.post('/v1.0/robot/oToMessages/batchSend', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    const userIds = Array.isArray(body?.userIds) ? (body.userIds as unknown[]).map(String) : [];
    if (userIds.length !== 1) return badRequest(ctx, 'invalidParameter.userIds.empty', '用户userId列表为空');
    if (body?.robotCode !== robotCode) return badRequest(ctx, 'invalidParameter.robotCode.auth', '应用appkey与机器人robotCode不匹配');
    const message = checkedMessage(ctx, body, userIds[0]!, 'p2p');
    if (message) ctx.body = { processQueryKey: message.processQueryKey, invalidStaffIdList: [], flowControlledStaffIdList: [] };
  });

  // A group's robots: this one under its name, and another bot of the group.
  router.post('/v1.0/robot/groups/robots/query', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    if (options.chatManagePermission === false) {
      ctx.status = 403;
      ctx.body = { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: '没有调用该接口的权限，接口权限申请参考：qyapi_chat_manage', requestid: nextId('req') };
      return;
    }
    if (typeof body?.openConversationId !== 'string' || !body.openConversationId) return badRequest(ctx, 'invalid.openConversationId', '无效的openConversationId');
    ctx.body = {
      chatbotInstanceVOList: [
        { robotCode: 'dingOtherBot', name: '考勤助手', downloadIconURL: '', openRobotType: 1 },
        { robotCode, name: botName, downloadIconURL: '', openRobotType: 1 },
      ],
    };
  });

  let fake: FakeDingTalk;
  router.post('/v1.0/gateway/connections/open', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    if (body?.clientId !== clientId || body.clientSecret !== clientSecret) {
      ctx.status = 401;
      ctx.body = { code: 'InvalidAuthentication', message: 'clientId or clientSecret is wrong' };
      return;
    }
    ctx.body = fake.stream.open(fake.url, body.subscriptions);
  });

  mountCardInstanceRoutes(router, { robotCode, messages, botRemovedFrom, now });
  app.use(router.routes()).use(router.allowedMethods());

  /** The message as the send APIs check it; answers 400 itself and returns undefined when it is refused. */
  function checkedMessage(ctx: Koa.Context, body: Record<string, unknown> | undefined, chatId: string, chatType: 'group' | 'p2p') {
    const msgKey = String(body?.msgKey ?? '');
    if (!MSG_KEYS.has(msgKey)) return void badRequest(ctx, 'invalidParameter.msgKey.invalid', 'msgKey无效');
    const raw = typeof body?.msgParam === 'string' ? body.msgParam : '';
    if (Buffer.byteLength(raw) > MAX_MSG_PARAM_BYTES) return void badRequest(ctx, 'invalidParameter.msgParam.invalid', 'msgParam超过15000字节');
    let param: any;
    try {
      param = JSON.parse(raw);
    } catch {
      return void badRequest(ctx, 'invalidParameter.msgParam.invalid', 'msgParam必须是json格式');
    }
    const message: FakeDingTalkMessage = { processQueryKey: nextId('pqk'), chatId, chatType, msgKey, param, createdAt: now() };
    if (msgKey === 'sampleText') {
      if (typeof param?.content !== 'string') return void badRequest(ctx, 'invalidParameter.msgParam.invalid', 'content为空');
      message.text = param.content;
    } else if (msgKey === 'sampleMarkdown') {
      if (typeof param?.title !== 'string' || typeof param.text !== 'string') {
        return void badRequest(ctx, 'invalidParameter.msgParam.invalid', 'title或text为空');
      }
      message.card = readMarkdownCard(param);
    } else if (msgKey === 'sampleImageMsg') {
      message.image = images.get(String(param?.photoURL));
      if (!message.image) return void badRequest(ctx, 'invalidParameter.msgParam.invalid', 'photoURL无效');
    }
    messages.push(message);
    return message;
  }

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const stream = new FakeStreamGateway(server);

  async function deliver(body: Record<string, unknown>, timestamp?: number): Promise<Delivery> {
    if (fake.webhookUrl) {
      const answer = await post(fake.webhookUrl, signedCallback(body, clientSecret, timestamp));
      return { delivered: true, ...answer, body };
    }
    const acked = await stream.push(TOPIC_ROBOT, body);
    return { delivered: true, status: acked ? 200 : 0, body };
  }

  fake = {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    robotCode,
    botName,
    messages,
    images,
    calls,
    stream,
    users,
    tokensIssued: () => [...tokens.keys()],
    rateLimitNext(count) {
      for (let i = 0; i < count; i += 1) {
        injected.push({ status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超过限制' });
      }
    },
    failNext(count, failure) {
      for (let i = 0; i < count; i += 1) injected.push(failure);
    },
    expireTokens() {
      for (const token of tokens.values()) token.revoked = true;
    },
    removeBotFrom: (chatId) => void botRemovedFrom.add(chatId),
    messagesIn: (chatId) => messages.filter((message) => message.chatId === chatId),
    say({ chatId = GROUP, chatType = 'group', userId, text, msgId, mentionsBot = true, timestamp, mentions = [] }) {
      // DingTalk hands a group robot only the messages that mention it.
      if (chatType === 'group' && !mentionsBot) return Promise.resolve({ delivered: false, status: 0 });
      // Other people's mentions stay in the text as `@name`; atUsers lists them.
      const typed = [text, ...mentions.map((member) => `@${member.name}`)].join(' ');
      const body = robotMessage({
        conversationId: chatId,
        chatType,
        userId,
        userName: users.get(userId),
        text: ` ${typed}`,
        robotCode,
        msgId,
        mentioned: true,
        mentionedStaffIds: mentions.map((member) => member.userId),
      });
      return deliver(body, timestamp);
    },
    async click(card, label, { userId, msgId, input }) {
      const button = card.card?.buttons.find((candidate) => candidate.label === label);
      if (!button) throw new Error(`no button labelled ${label} on the card; buttons: ${JSON.stringify(card.card?.buttons)}`);
      if (card.instance) {
        if (input !== undefined) throw new Error('an interactive card has no input to type into: its template shows buttons only');
        // The same delivery again is DingTalk pushing the callback again, with its stream message id.
        const again = msgId === undefined ? undefined : cardClicks.get(msgId);
        if (again) return { delivered: true, status: (await stream.rePush(again)) ? 200 : 0, body: JSON.parse(again.data) };
        const body = cardClick({ outTrackId: card.instance.outTrackId, userId, params: { action: button.content } });
        const acked = stream.push(TOPIC_CARD, body);
        if (msgId !== undefined) cardClicks.set(msgId, stream.pushed.at(-1)!);
        return { delivered: true, status: (await acked) ? 200 : 0, body };
      }
      const mention = `@${botName}`;
      const mentionsBot = button.content.startsWith(mention);
      // The bot's own mention is taken out of what the robot receives; the rest arrives as typed.
      const sent = mentionsBot ? button.content.slice(mention.length).trimStart() : button.content;
      const text = input === undefined ? sent : sent.replace(/ (#\w+)$/u, ` ${input} $1`);
      return fake.say({ chatId: card.chatId, chatType: card.chatType, userId, text, msgId, mentionsBot });
    },
    replay: (body, timestamp) => deliver(body, timestamp),
    waitFor: (predicate, timeoutMs = 10_000) =>
      pollUntil(() => predicate(fake), timeoutMs, () => {
        const seen = messages.map((m) => `${m.msgKey} ${m.chatId}: ${(m.text ?? m.card?.text ?? '').slice(0, 200)}`);
        return `fake DingTalk: condition not met within ${timeoutMs} ms; messages:\n${seen.join('\n')}`;
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.close();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}

function badRequest(ctx: Koa.Context, code: string, message: string): void {
  ctx.status = 400;
  ctx.body = { code, message, requestid: `req${randomBytes(6).toString('hex')}` };
}
