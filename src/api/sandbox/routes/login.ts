import { LOGIN_PARAM, formatJumdataTime } from '../../jumdata/wire.js';
import { badParameter, fail, loginEndpoint, ok, type EndpointHandler, type Reply } from '../endpoint.js';
import { newHexId } from '../ids.js';
import { accountKey, type SandboxState } from '../state.js';

/** How long an SMS code stays usable (decided; the bureau's own is a few minutes). */
export const SMS_TASK_TTL_MS = 5 * 60 * 1000;

/** login/submit: unknown account 301; SMS on → 202 + validateCodeSmsTaskId; SMS off → 200, logged in. */
export const loginSubmit: EndpointHandler = loginEndpoint(
  [LOGIN_PARAM.identityType, LOGIN_PARAM.password, LOGIN_PARAM.phone],
  ({ state, params, now }) => {
    const { nsrsbh = '', dq = '', gryhm = '' } = params;
    if (state.options.unknownAccounts.has(gryhm)) return fail(301);
    const account = state.accountOrCreate(nsrsbh, dq, gryhm);
    if (state.options.smsRequired) {
      const id = newHexId(12);
      state.smsTasks.set(id, { id, accountKey: account.key, expiresAt: now + SMS_TASK_TTL_MS });
      return { code: 202, msg: '短信验证码已发送', data: { [LOGIN_PARAM.smsTaskId]: id } };
    }
    return logIn(state, now, account.key);
  },
);

/** login/verify: a live task's SMS code → 200 logged in; wrong code → 400 验证码错误; unknown task → 400 验证码已失效. */
export const loginVerify: EndpointHandler = loginEndpoint(
  [LOGIN_PARAM.smsTaskId, LOGIN_PARAM.smsCode],
  ({ state, params, now }) => {
    const key = accountKey(params.nsrsbh ?? '', params.gryhm ?? '');
    const task = state.smsTasks.get(params[LOGIN_PARAM.smsTaskId] ?? '');
    if (!task || task.accountKey !== key || task.expiresAt <= now) return fail(400, '验证码已失效,请重新登录');
    if (params[LOGIN_PARAM.smsCode] !== state.options.smsCode) return fail(400, '验证码错误');
    state.smsTasks.delete(task.id);
    return logIn(state, now, key);
  },
);

/** login/status: 200 {expireTime} while the login lives, else 302. */
export const loginStatus: EndpointHandler = loginEndpoint([], ({ state, params, now }) => {
  const account = state.account(params.nsrsbh ?? '', params.gryhm ?? '');
  const expiresAt = account?.loginExpiresAt;
  if (expiresAt === undefined || expiresAt <= now) return fail(302);
  return ok({ expireTime: formatJumdataTime(expiresAt) });
});

/** login/token: 302 without a login; else a fresh token valid tokenTtlMs, never past the login. */
export const loginToken: EndpointHandler = loginEndpoint([], ({ state, params, now }) => {
  const account = state.account(params.nsrsbh ?? '', params.gryhm ?? '');
  const loginExpiresAt = account?.loginExpiresAt;
  if (!account || loginExpiresAt === undefined || loginExpiresAt <= now) return fail(302);
  const token = newHexId(16);
  const expiresAt = Math.min(now + state.options.tokenTtlMs, loginExpiresAt);
  state.tokens.set(token, { token, accountKey: account.key, expiresAt });
  return ok({ token, expireTime: formatJumdataTime(expiresAt) });
});

function logIn(state: SandboxState, now: number, key: string): Reply {
  const account = state.accounts.get(key);
  if (!account) return badParameter('账号不存在');
  account.loginExpiresAt = now + state.options.loginTtlMs;
  return ok({ expireTime: formatJumdataTime(account.loginExpiresAt) }, { msg: '登录成功' });
}
