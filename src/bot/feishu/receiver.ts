/**
 * Feishu's HTTP entry points: `POST /feishu/webhook` (events and v2 card callbacks) and `POST /feishu/card`
 * (old-style card callbacks). Each request is checked on its raw bytes (freshness, signature, verification token)
 * before the SDK's EventDispatcher / CardActionHandler decrypt, flatten and route it.
 *
 * Not `lark.adaptKoaRouter`: it answers a request that fails the SDK's signature check with an empty 2xx, and
 * checks no timestamp; here a forged request, or one older than dedupe remembers, gets a 401 and never reaches a
 * handler.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Context } from 'koa';
import type Router from 'koa-router';
import type { Logger } from 'pino';
import { ShuttingDownError, type DeliveryPipeline } from '../delivery.js';
import { REPLAY_WINDOW_MS } from '../replay-window.js';
import { createDeliveryHandlers, type ReceiverReply } from './delivery-handlers.js';
import { parseJsonObject, readRawBodyWithin } from '../raw-body.js';
import { refuseRequest } from '../refuse-request.js';
import { createSdkLogger } from './sdk-logger.js';
import {
  hasSignatureHeaders,
  isCardSignatureValid,
  isEventSignatureValid,
  isFresh,
  openBody,
  payloadVerificationToken,
  signatureHeaders,
} from './webhook-security.js';

export const FEISHU_WEBHOOK_PATH = '/feishu/webhook';
export const FEISHU_CARD_PATH = '/feishu/card';

export interface FeishuReceiverDeps {
  /** This bot's app: a schema 2.0 event for another app is refused. */
  appId: string;
  encryptKey?: string;
  verificationToken?: string;
  /** Inbox before acknowledgement, then the bot's handler. */
  pipeline: DeliveryPipeline;
  logger: Logger;
  /** The bot's open_id once known (see `fetchBotOpenId`): tells a mention of the bot from mentions of others. */
  botOpenId?: () => string | undefined;
  now?: () => number;
  /** How far `X-Lark-Request-Timestamp` may be from now (default REPLAY_WINDOW_MS: as long as dedupe remembers). */
  replayWindowMs?: number;
  /** How long a card click waits for the handler before answering "处理中…" (default 2500 ms, inside Feishu's 3 s). */
  actionAnswerTimeoutMs?: number;
}

/** A request that passed the checks: the body as received and, decrypted, its payload. */
type OpenedRequest = { payload: Record<string, unknown>; body: Record<string, unknown> };
type Verdict = ({ ok: true } & OpenedRequest) | { ok: false; status: number; reason: string };

export function mountFeishuRoutes(router: Router, deps: FeishuReceiverDeps): void {
  const logger = deps.logger.child({ component: 'feishu-receiver' });
  const now = deps.now ?? Date.now;
  const replayWindowMs = deps.replayWindowMs ?? REPLAY_WINDOW_MS;
  const { encryptKey, verificationToken } = deps;
  const handlers = createDeliveryHandlers({
    pipeline: deps.pipeline,
    logger,
    botOpenId: deps.botOpenId,
    actionAnswerTimeoutMs: deps.actionAnswerTimeoutMs ?? 2500,
  });
  const sdkOptions = {
    encryptKey,
    verificationToken,
    logger: createSdkLogger(logger, 'warn'),
    loggerLevel: lark.LoggerLevel.warn,
  };
  const eventHandlers: Record<string, (data: Record<string, unknown>) => Promise<ReceiverReply>> = {
    'im.message.receive_v1': (data) => handlers.onMessage(data as never),
    'card.action.trigger': (data) => handlers.onCardActionV2(data as never),
  };
  // Cast: the SDK's handler map is typed with its own event shapes; ours (wire.ts) name only the fields we read.
  const dispatcher = new lark.EventDispatcher(sdkOptions).register(eventHandlers as never);
  // The card URL may also receive v2 callbacks (schema 2.0); the SDK flattens both shapes the same way.
  const cardHandler = new lark.CardActionHandler(sdkOptions, async (data: Record<string, unknown>) => {
    try {
      return data.schema !== undefined || data.event_type === 'card.action.trigger'
        ? await handlers.onCardActionV2(data)
        : await handlers.onOldCardCallback(data);
    } catch (error) {
      // The SDK would swallow this into `undefined`; answer ourselves so it is not mistaken for a bad signature.
      return failedDelivery(error, FEISHU_CARD_PATH);
    }
  });
  if (!encryptKey && !verificationToken) {
    logger.warn('FEISHU_ENCRYPT_KEY and FEISHU_VERIFICATION_TOKEN are unset: Feishu requests are not verified');
  }

  /** Freshness and signature on the raw body; `oldCardRules`: a plain body is signed with the verification token. */
  function verify(ctx: Context, raw: string, oldCardRules: boolean): Verdict {
    const headers = signatureHeaders(ctx.req.headers);
    const signed = hasSignatureHeaders(headers);
    if (signed && !isFresh(headers.timestamp, now(), replayWindowMs)) return { ok: false, status: 401, reason: 'stale or missing timestamp' };
    const body = parseJsonObject(raw);
    if (!body) return { ok: false, status: 400, reason: 'body is not a JSON object' };
    const opened = openBody(body, encryptKey);
    if (!opened.ok) return { ok: false, status: 400, reason: opened.reason };
    const { payload } = opened;
    const isChallenge = payload.type === 'url_verification';
    const eventRules = !oldCardRules || 'encrypt' in body || 'schema' in body;
    const key = eventRules ? encryptKey : verificationToken;
    if (key) {
      // url_verification arrives unsigned; everything else must carry a valid signature.
      if (!signed && !isChallenge) return { ok: false, status: 401, reason: 'missing signature' };
      const valid = eventRules ? isEventSignatureValid(headers, raw, key) : isCardSignatureValid(headers, raw, key);
      if (signed && !valid) return { ok: false, status: 401, reason: 'bad signature' };
    }
    if (payload.schema === '2.0' && headerField(payload, 'app_id') !== deps.appId) {
      return { ok: false, status: 403, reason: 'event for another app' };
    }
    // Old-style card bodies carry the click's update token, not the verification token; their signature covers it.
    if (verificationToken && (eventRules || isChallenge) && payloadVerificationToken(payload) !== verificationToken) {
      return { ok: false, status: 401, reason: 'wrong verification token' };
    }
    return { ok: true, payload, body };
  }

  /** `invoke` gets what the checks above opened: the body as received and, already decrypted, its payload. */
  function route(
    path: string,
    invoke: (opened: OpenedRequest, ctx: Context) => Promise<unknown>,
    oldCardRules: boolean,
  ) {
    router.post(path, async (ctx) => {
      const raw = await readRawBodyWithin(ctx, () => refuse(ctx, 413, 'body too large'));
      if (raw === undefined) return;
      const verdict = verify(ctx, raw, oldCardRules);
      if (!verdict.ok) return refuse(ctx, verdict.status, verdict.reason);
      if (verdict.payload.type === 'url_verification') {
        ctx.body = { challenge: verdict.payload.challenge };
        return;
      }
      try {
        reply(ctx, await invoke(verdict, ctx));
      } catch (error) {
        reply(ctx, failedDelivery(error, path));
      }
    });
  }

  /** Shutting down, or the inbox could not be written: no 200, so Feishu delivers again later. */
  function failedDelivery(error: unknown, path: string): ReceiverReply {
    if (error instanceof ShuttingDownError) return { status: 503, body: { error: 'shutting down' } };
    logger.error({ err: error, path }, 'feishu delivery failed');
    return { status: 500, body: { error: 'internal error' } };
  }

  const refuse = (ctx: Context, status: number, reason: string) => refuseRequest(ctx, logger, status, reason);

  function reply(ctx: Context, result: unknown): void {
    if (result === undefined) return refuse(ctx, 401, 'rejected by the SDK verification');
    if (isReceiverReply(result)) {
      ctx.status = result.status;
      ctx.body = result.body;
      return;
    }
    // An event type we do not subscribe to: acknowledge so Feishu stops pushing it.
    ctx.status = 200;
    ctx.body = {};
  }

  // Verified on the raw bytes and decrypted above. Schema 2.0 events (all we subscribe to) are flattened and routed
  // here, as the SDK's dispatcher would after decrypting and hashing them a second time; older shapes go to the SDK.
  route(
    FEISHU_WEBHOOK_PATH,
    ({ payload }) => {
      if (payload.schema !== '2.0') return dispatcher.invoke(payload, { needCheck: false });
      const handler = eventHandlers[String(headerField(payload, 'event_type'))];
      return handler ? handler(flattenEvent(payload)) : Promise.resolve(ACKNOWLEDGED);
    },
    false,
  );
  // The SDK checks the old card signature again, reading the headers from the data's prototype as its adapters do.
  route(
    FEISHU_CARD_PATH,
    ({ body }, ctx) => cardHandler.invoke(Object.assign(Object.create({ headers: ctx.req.headers }) as object, body)),
    true,
  );
}

/** An event type we do not handle is acknowledged, so Feishu stops pushing it. */
const ACKNOWLEDGED: ReceiverReply = { status: 200, body: {} };

function headerField(payload: Record<string, unknown>, field: string): unknown {
  const header = payload.header;
  return typeof header === 'object' && header !== null ? (header as Record<string, unknown>)[field] : undefined;
}

/** Header and event fields side by side, the shape our handlers (wire.ts) read — the SDK's own flattening. */
function flattenEvent(payload: Record<string, unknown>): Record<string, unknown> {
  const { header, event, ...rest } = payload as { header?: object; event?: object };
  return { ...rest, ...header, ...event };
}

function isReceiverReply(value: unknown): value is ReceiverReply {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}
