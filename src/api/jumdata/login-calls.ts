/** Login, session state and face auth: the calls that get the bureau session ready for issuing. */
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
import { actionFor, errorFromEnvelope, requireOk } from './codes.js';
import { parseChinaTime } from './china-time.js';
import type { CallContext } from './context.js';
import { accountParams } from './session.js';
import {
  FACE_AUTH_APP_CODE,
  LOGIN_PARAM,
  type ExpiryDataWire,
  type JumdataEnvelope,
  type LoginSubmitDataWire,
  type QrcodeDataWire,
} from './wire.js';

export async function login(ctx: CallContext, account: TaxAccount): Promise<LoginOutcome> {
  if (!account.password) throw new ProviderError(ProviderErrorCode.BadRequest, '未配置税局登录密码');
  // Not idempotent: a repeat after a lost answer would send a second SMS and void the first code.
  const envelope = await ctx.send(
    'loginSubmit',
    {
      ...accountParams(account),
      [LOGIN_PARAM.identityType]: ctx.loginIdentityType,
      [LOGIN_PARAM.password]: account.password,
      [LOGIN_PARAM.phone]: account.phone,
    },
    { idempotent: false },
  );
  const data = envelope.data as LoginSubmitDataWire | undefined;
  if (actionFor(envelope.code).kind === 'in_progress') {
    const smsTaskId = data?.[LOGIN_PARAM.smsTaskId];
    if (typeof smsTaskId !== 'string' || smsTaskId === '') {
      throw new ProviderError(ProviderErrorCode.Protocol, '登录应答缺少短信任务号', envelope.code);
    }
    return { status: 'sms_sent', smsTaskId };
  }
  requireOk(envelope);
  return loggedIn(ctx, account, envelope);
}

export async function verifyLoginCode(
  ctx: CallContext,
  account: TaxAccount,
  smsTaskId: string,
  code: string,
): Promise<LoginOutcome> {
  const envelope = await ctx.send(
    'loginVerify',
    { ...accountParams(account), [LOGIN_PARAM.smsTaskId]: smsTaskId, [LOGIN_PARAM.smsCode]: code },
    { idempotent: false },
  );
  // 400 here is the bureau saying the code is wrong or expired: the user can fix that.
  const override = envelope.code === 400 ? ProviderErrorCode.LoginCodeRejected : undefined;
  requireOk(envelope, override);
  return loggedIn(ctx, account, envelope);
}

function loggedIn(ctx: CallContext, account: TaxAccount, envelope: JumdataEnvelope): LoginOutcome {
  const expiresAt =
    parseChinaTime((envelope.data as ExpiryDataWire | undefined)?.expireTime) ??
    new Date(ctx.now() + ctx.lifetimes.loginMs);
  ctx.session.startLogin(account, expiresAt);
  return { status: 'logged_in', expiresAt };
}

const LOGGED_OUT: SessionState = { loggedIn: false, faceAuthValid: false };

/** login/status, then (logged in) auth/status with a token. "Not logged in" is a state here, not an error. */
export async function sessionState(ctx: CallContext, account: TaxAccount): Promise<SessionState> {
  const status = await ctx.send('loginStatus', accountParams(account));
  if (actionFor(status.code).kind === 'needs_login') {
    ctx.session.forgetLogin(account);
    return { ...LOGGED_OUT };
  }
  requireOk(status);
  ctx.session.recordLogin(account, parseChinaTime((status.data as ExpiryDataWire | undefined)?.expireTime));

  // A login that died in between answers 302 here too (from login/token or auth/status).
  const auth = await ctx.session.callWithToken(account, 'authStatus', {});
  const action = actionFor(auth.code).kind;
  if (action === 'needs_login') return { ...LOGGED_OUT };
  if (action === 'needs_face_auth') ctx.session.recordFaceAuth(account, undefined);
  else if (action === 'ok') {
    const stated = parseChinaTime((auth.data as ExpiryDataWire | undefined)?.expireTime);
    if (stated) ctx.session.recordFaceAuth(account, stated);
  } else throw errorFromEnvelope(auth);

  const faceAuthValid = action === 'ok';
  return withoutEmpty({
    loggedIn: true,
    loginExpiresAt: ctx.session.loginExpiresAt(account),
    tokenExpiresAt: ctx.session.tokenExpiresAt(account),
    faceAuthValid,
    faceAuthExpiresAt: faceAuthValid ? ctx.session.faceAuthExpiresAt(account) : undefined,
  });
}

export async function startFaceAuth(ctx: CallContext, account: TaxAccount, app: FaceAuthApp): Promise<FaceAuthChallenge> {
  const envelope = requireOk(await ctx.session.callWithToken(account, 'authQrcode', { app: FACE_AUTH_APP_CODE[app] }));
  const data = envelope.data as Partial<QrcodeDataWire> | undefined;
  if (typeof data?.authId !== 'string' || data.authId === '') {
    throw new ProviderError(ProviderErrorCode.Protocol, '认证二维码应答缺少 authId', envelope.code);
  }
  const qrPng = decodeBase64Image(data.qrcodeImageBase64);
  const qrUrl = typeof data.qrcodeImageUrl === 'string' && data.qrcodeImageUrl !== '' ? data.qrcodeImageUrl : undefined;
  if (!qrPng && !qrUrl) throw new ProviderError(ProviderErrorCode.Protocol, '认证二维码应答中没有二维码', envelope.code);
  return withoutEmpty({ authId: data.authId, qrPng, qrUrl, app });
}

export async function faceAuthResult(
  ctx: CallContext,
  account: TaxAccount,
  authId: string,
  app: FaceAuthApp,
): Promise<FaceAuthResult> {
  const envelope = await ctx.session.callWithToken(account, 'authResult', { authId, app: FACE_AUTH_APP_CODE[app] });
  switch (actionFor(envelope.code).kind) {
    case 'ok':
      ctx.session.recordFaceAuth(account, new Date(ctx.now() + ctx.lifetimes.faceAuthMs));
      return 'passed';
    case 'face_scan_pending':
      return 'pending';
    case 'needs_face_auth':
      return 'expired';
    default:
      throw errorFromEnvelope(envelope);
  }
}

/** The provider may send bare base64 or a data URL. */
function decodeBase64Image(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const bare = value.replace(/^data:[^;,]+;base64,/, '').trim();
  const bytes = Buffer.from(bare, 'base64');
  return bytes.length > 0 ? bytes : undefined;
}
