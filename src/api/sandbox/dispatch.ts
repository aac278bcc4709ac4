import type { Middleware } from 'koa';
import { JUMDATA_PATHS, JUMDATA_PATH_PREFIX, type JumdataEndpoint, type JumdataEnvelope } from '../jumdata/wire.js';
import { logCall } from './call-log.js';
import { badParameter, fail, type EndpointHandler, type Params, type Reply } from './endpoint.js';
import { ENDPOINT_HANDLERS } from './endpoints.js';
import { isFormContentType, parseForm, readBody } from './form.js';
import { newTaskNo } from './ids.js';
import { takeInjection } from './injection.js';
import { settle } from './settle.js';
import { checkSignature } from './signature.js';
import type { SandboxState } from './state.js';

/**
 * POST {base}/tax/v3/makeout/<path>: always HTTP 200 with the envelope {code, msg, charge, taskNo, data?}.
 * Order of checks: path (404) → form body → signature and timestamp (400) → injected fault → required parameters
 * (400) → login (302) → token (303) → the endpoint's own rules. Other paths fall through to `next`.
 */
export function jumdataMiddleware(state: SandboxState): Middleware {
  const handlers = new Map<string, EndpointHandler>(
    (Object.entries(JUMDATA_PATHS) as [JumdataEndpoint, string][]).map(([endpoint, path]) => [path, ENDPOINT_HANDLERS[endpoint]]),
  );
  return async (ctx, next) => {
    if (!ctx.path.startsWith(JUMDATA_PATH_PREFIX)) return next();
    const path = ctx.path.slice(JUMDATA_PATH_PREFIX.length);
    const handler = handlers.get(path);
    let params: Params = {};
    let reply: Reply;
    if (ctx.method !== 'POST' || !handler) {
      reply = fail(404);
    } else if (!isFormContentType(ctx.get('content-type'))) {
      reply = badParameter('Content-Type 须为 application/x-www-form-urlencoded');
    } else {
      try {
        params = parseForm(await readBody(ctx.req));
        reply = await answer(state, handler, path, params, ctx.origin);
      } catch (error) {
        reply = badParameter(error instanceof Error ? error.message : String(error));
      }
    }
    const charge = reply.code === 200 && reply.charge === true;
    logCall(state, { path, code: reply.code, charge, params });
    const envelope: JumdataEnvelope = { code: reply.code, msg: reply.msg ?? '', charge, taskNo: newTaskNo() };
    if (reply.data !== undefined) envelope.data = reply.data;
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = envelope;
  };
}

async function answer(state: SandboxState, handler: EndpointHandler, path: string, params: Params, origin: string): Promise<Reply> {
  const refused = checkSignature(state.options, params, Date.now());
  if (refused) return refused;
  const injection = takeInjection(state, path);
  if (injection?.afterHandling) {
    const reply = await handle(state, handler, params, origin);
    await sleep(injection.latencyMs);
    return injection.code === undefined ? reply : fail(injection.code);
  }
  if (injection) {
    await sleep(injection.latencyMs);
    if (injection.code !== undefined) return fail(injection.code);
  }
  return handle(state, handler, params, origin);
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function handle(state: SandboxState, handler: EndpointHandler, params: Params, origin: string): Reply | Promise<Reply> {
  const missing = handler.required.find((name) => !params[name]);
  if (missing) return badParameter(`缺少 ${missing}`);

  settle(state);
  const now = state.now();
  const call = { state, params, now, origin };
  if (!handler.session) return handler.handle(call);
  const account = state.account(params.nsrsbh ?? '', params.gryhm ?? '');
  if (!account || account.loginExpiresAt === undefined || account.loginExpiresAt <= now) return fail(302);
  const token = state.tokens.get(params.token ?? '');
  if (!token || token.accountKey !== account.key || token.expiresAt <= now) return fail(303);
  return handler.handle({ ...call, account });
}
