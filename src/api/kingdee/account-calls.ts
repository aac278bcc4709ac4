/**
 * The bureau session on Kingdee. The login to the tax bureau and the clerk's face scan both happen in Kingdee's own
 * app or client: this API only reports them (`account/status`). So `login` checks and never pretends to log in,
 * there is no SMS code, and face auth has no QR — the chat is told where to scan, and the status is polled.
 */
import {
  ProviderError,
  ProviderErrorCode,
  type FaceAuthApp,
  type FaceAuthChallenge,
  type FaceAuthResult,
  type LoginOutcome,
  type SessionState,
  type TaxAccount,
} from '../provider.js';
import { withoutEmpty } from '../shared/wire-values.js';
import { requireOk } from './codes.js';
import type { KingdeeContext } from './context.js';
import { AccountAuth, type AccountStatusWire } from './wire.js';

export const NOT_LOGGED_IN_TEXT = '金蝶发票云客户端未登录电子税务局：请在金蝶发票云客户端登录，本接口不能代为登录';

async function accountStatus(ctx: KingdeeContext, account: TaxAccount): Promise<Required<AccountStatusWire>> {
  const data = requireOk(await ctx.call('accountStatus', account, {})).data as AccountStatusWire | undefined;
  return { status: data?.status === true, auth: typeof data?.auth === 'number' ? data.auth : Number(data?.auth ?? AccountAuth.NoInvoicingRight) };
}

/** A check, not a login: logged_in only when Kingdee's client holds a bureau login. */
export async function login(ctx: KingdeeContext, account: TaxAccount): Promise<LoginOutcome> {
  const status = await accountStatus(ctx, account);
  if (!status.status) throw new ProviderError(ProviderErrorCode.LoginRequired, NOT_LOGGED_IN_TEXT);
  return { status: 'logged_in' };
}

export async function verifyLoginCode(): Promise<LoginOutcome> {
  throw new ProviderError(ProviderErrorCode.BadRequest, '金蝶发票云不使用短信验证码：电子税务局登录在金蝶发票云客户端完成');
}

export async function sessionState(ctx: KingdeeContext, account: TaxAccount): Promise<SessionState> {
  const status = await accountStatus(ctx, account);
  return withoutEmpty({
    loggedIn: status.status,
    tokenExpiresAt: ctx.token.expiresAt(),
    faceAuthValid: status.status && status.auth === AccountAuth.Authenticated,
  });
}

/** No QR through this API: the challenge only says where the clerk scans; `faceAuthResult` watches account/status. */
export async function startFaceAuth(ctx: KingdeeContext, _account: TaxAccount, app: FaceAuthApp): Promise<FaceAuthChallenge> {
  return { authId: `kingdee-account-status-${ctx.now()}`, where: ctx.faceAuthWhere, app };
}

export async function faceAuthResult(ctx: KingdeeContext, account: TaxAccount): Promise<FaceAuthResult> {
  const status = await accountStatus(ctx, account);
  return status.status && status.auth === AccountAuth.Authenticated ? 'passed' : 'pending';
}
