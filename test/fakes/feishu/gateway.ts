/**
 * The fake platform's front door: every call is recorded whatever answered it; API calls (not the token endpoint)
 * first meet injected failures, then the bearer-token check. The calling app's id is left in `ctx.state.appId`.
 */
import type Koa from 'koa';
import type { FakeFeishuCall, InjectedFailure } from './records.js';
import type { TokenRegistry } from './token-registry.js';

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

export function recordCalls(calls: FakeFeishuCall[]): Koa.Middleware {
  return async (ctx, next) => {
    await next();
    const body = ctx.body as { code?: unknown } | undefined;
    calls.push({
      method: ctx.method,
      path: ctx.path,
      query: ctx.querystring,
      status: ctx.status,
      code: typeof body?.code === 'number' ? body.code : undefined,
    });
  };
}

export function apiGateway(tokens: TokenRegistry, injected: InjectedFailure[]): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.path === TOKEN_PATH) return next();
    const index = injected.findIndex(
      (candidate) => (!candidate.path || candidate.path === ctx.path) && (!candidate.only || candidate.only(ctx.method, ctx.path)),
    );
    const failure = index === -1 ? undefined : injected.splice(index, 1)[0];
    if (failure) {
      ctx.status = failure.status;
      for (const [name, value] of Object.entries(failure.headers ?? {})) ctx.set(name, value);
      ctx.body = { code: failure.code, msg: failure.msg };
      return;
    }
    const check = tokens.check(ctx.get('authorization') || undefined);
    if (!check.ok) {
      ctx.status = 400;
      ctx.body = { code: check.code, msg: check.msg };
      return;
    }
    ctx.state.appId = check.appId;
    return next();
  };
}
