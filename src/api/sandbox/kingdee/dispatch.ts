/**
 * The Kingdee wire of the simulator: POST /base/oauth/token (signed, plain JSON) and every business path (token on
 * the query string, `{"data": AES}` body). Checks in order: path (HTTP 404) → token (1001) → body decryption
 * (0001) → injected fault → the handler. Always HTTP 200 with `{errcode, description, data?}` otherwise.
 */
import type { Context, Middleware } from 'koa';
import { decryptData, tokenSign } from '../../kingdee/crypto.js';
import { KINGDEE_PATHS, type KingdeeEndpoint } from '../../kingdee/wire.js';
import { readBody } from '../form.js';
import { newHexId } from '../ids.js';
import { KINGDEE_HANDLERS } from './handlers.js';
import { settleKingdee } from './issuing.js';
import { badArgument, refuse, type SimData, type SimHandler, type SimReply } from './reply.js';
import type { KingdeeSimState, SimInjection } from './state.js';

/** How far `timestamp` of the token call may be from the wall clock. */
const TIMESTAMP_WINDOW_MS = 5 * 60_000;

export function kingdeeMiddleware(state: KingdeeSimState): Middleware {
  const handlers = new Map<string, SimHandler>(
    (Object.entries(KINGDEE_HANDLERS) as [KingdeeEndpoint, SimHandler][]).map(([endpoint, handler]) => [KINGDEE_PATHS[endpoint], handler]),
  );
  return async (ctx, next) => {
    if (ctx.path === KINGDEE_PATHS.token && ctx.method === 'POST') {
      let body: unknown;
      try {
        body = await readJson(ctx);
      } catch {
        return send(ctx, badArgument('请求体不是 JSON'));
      }
      return send(ctx, token(state, body));
    }
    const handler = handlers.get(ctx.path);
    if (!handler) return next();
    if (ctx.method !== 'POST') return next();
    const accessToken = typeof ctx.query.access_token === 'string' ? ctx.query.access_token : '';
    const expiresAt = state.tokens.get(accessToken);
    if (expiresAt === undefined || expiresAt <= state.now()) return send(ctx, log(state, ctx.path, {}, refuse('1001')));
    let data: SimData;
    try {
      const body = (await readJson(ctx)) as { data?: unknown };
      if (typeof body.data !== 'string') throw new Error('data 必须是加密字符串');
      data = JSON.parse(decryptData(state.options.encryptKey, body.data)) as SimData;
    } catch (error) {
      return send(ctx, log(state, ctx.path, {}, badArgument(`数据解密失败: ${error instanceof Error ? error.message : String(error)}`)));
    }
    const call = { state, data, now: 0, taxNo: typeof ctx.query.taxNo === 'string' ? ctx.query.taxNo : '', origin: ctx.origin };
    const run = (): SimReply => {
      settleKingdee(state);
      return handler({ ...call, now: state.now() });
    };
    const injection = takeInjection(state, ctx.path);
    if (injection) await sleep(injection.latencyMs);
    if (injection?.afterHandling) {
      log(state, ctx.path, data, run());
      // The work is done; the answer never arrives as it was: a dropped connection, or the injected code.
      if (injection.errcode === undefined) {
        ctx.req.socket.destroy();
        return;
      }
      return send(ctx, refuse(injection.errcode));
    }
    if (injection?.errcode !== undefined) return send(ctx, log(state, ctx.path, data, refuse(injection.errcode)));
    return send(ctx, log(state, ctx.path, data, run()));
  };
}

function token(state: KingdeeSimState, body: unknown): SimReply {
  const { client_id: clientId, sign, timestamp } = (body ?? {}) as Record<string, unknown>;
  const { options } = state;
  if (clientId !== options.clientId || typeof timestamp !== 'string' || sign !== tokenSign(options.clientId, options.clientSecret, timestamp)) {
    return log(state, KINGDEE_PATHS.token, { client_id: clientId }, refuse('1002'));
  }
  if (Math.abs(Date.now() - Number(timestamp)) > TIMESTAMP_WINDOW_MS) return log(state, KINGDEE_PATHS.token, { client_id: clientId }, refuse('1002', '时间戳已过期'));
  const accessToken = newHexId();
  state.tokens.set(accessToken, state.now() + options.tokenTtlSeconds * 1000);
  // providers.md prints the token fields beside errcode.
  return log(state, KINGDEE_PATHS.token, { client_id: clientId }, { errcode: '0000', description: '成功', beside: { access_token: accessToken, expires_in: options.tokenTtlSeconds } });
}

function takeInjection(state: KingdeeSimState, path: string): SimInjection | undefined {
  const injection = state.injections.find((candidate) => !candidate.path || candidate.path === path);
  if (!injection) return undefined;
  injection.remaining -= 1;
  if (injection.remaining === 0) state.injections = state.injections.filter((candidate) => candidate !== injection);
  return injection;
}

/** The call log keeps the decrypted data: it holds no secret (the token and the signature are never in it). */
function log(state: KingdeeSimState, path: string, data: unknown, reply: SimReply): SimReply {
  state.calls.push({ at: new Date(state.now()).toISOString(), path, errcode: reply.errcode, data });
  return reply;
}

async function readJson(ctx: Context): Promise<unknown> {
  const text = await readBody(ctx.req);
  return text.trim() === '' ? {} : JSON.parse(text);
}

function send(ctx: Context, reply: SimReply): void {
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.body = { errcode: reply.errcode, description: reply.description ?? '', ...reply.beside, ...(reply.data !== undefined ? { data: reply.data } : {}) };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
