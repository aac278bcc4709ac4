import { FACE_AUTH_APP_CODE, formatJumdataTime } from '../../jumdata/wire.js';
import { badParameter, fail, ok, sessionEndpoint, type EndpointHandler } from '../endpoint.js';
import { newHexId } from '../ids.js';
import { faceScanUrl, qrImageUrl, qrPng } from '../qr.js';

const APPS: readonly string[] = Object.values(FACE_AUTH_APP_CODE);

/** auth/qrcode (billed): a new QR session; the PNG is inline (bare base64) and served at qrcodeImageUrl. */
export const authQrcode: EndpointHandler = sessionEndpoint(['app'], async ({ state, params, now, origin, account }) => {
  const app = params.app ?? '';
  if (!APPS.includes(app)) return badParameter('app 应为 1 或 2');
  const authId = newHexId(10);
  state.authSessions.set(authId, {
    authId,
    accountKey: account.key,
    app,
    createdAt: now,
    qrExpiresAt: now + state.options.qrTtlMs,
  });
  const publicUrl = state.publicUrl(origin);
  const png = await qrPng(faceScanUrl(publicUrl, authId));
  return ok(
    { authId, qrcodeImageBase64: png.toString('base64'), qrcodeImageUrl: qrImageUrl(publicUrl, authId) },
    { charge: true },
  );
});

/** auth/result: 311 until scanned, 200 通过 while the scan's auth lasts, 312 once the QR or the auth expired. */
export const authResult: EndpointHandler = sessionEndpoint(['authId', 'app'], ({ state, params, now, account }) => {
  const session = state.authSessions.get(params.authId ?? '');
  if (!session || session.accountKey !== account.key) return badParameter('authId 不存在');
  if (session.scannedAt === undefined) {
    return session.qrExpiresAt <= now ? fail(312, '扫脸过期,重新获取二维码') : fail(311);
  }
  const validUntil = account.faceAuthExpiresAt;
  if (validUntil === undefined || validUntil <= now) return fail(312, '扫脸过期,重新获取二维码');
  return ok(undefined, { msg: '通过' });
});

/** auth/status: 200 认证有效 {expireTime} or 315 未认证或认证已过期. */
export const authStatus: EndpointHandler = sessionEndpoint([], ({ now, account }) => {
  const validUntil = account.faceAuthExpiresAt;
  if (validUntil === undefined || validUntil <= now) return fail(315);
  return ok({ expireTime: formatJumdataTime(validUntil) }, { msg: '认证有效' });
});
