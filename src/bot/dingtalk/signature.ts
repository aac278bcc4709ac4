/**
 * The robot HTTP callback's trust check: headers `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(key = app secret,
 * message = timestamp + "\n" + app secret)), and the timestamp within an hour of now. The signature does not cover the
 * body, so the hour and the msgId dedupe are what stop a captured request from being replayed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** DingTalk's own rule: a callback whose timestamp is more than an hour away from now is refused. */
export const CALLBACK_WINDOW_MS = 3600_000;

export function callbackSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

export type CallbackVerdict = { ok: true } | { ok: false; reason: string };

export function verifyCallback(
  timestamp: string | undefined,
  sign: string | undefined,
  appSecret: string,
  nowMs: number,
  windowMs = CALLBACK_WINDOW_MS,
): CallbackVerdict {
  if (!timestamp || !sign) return { ok: false, reason: 'missing timestamp or sign' };
  const at = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs - at) > windowMs) return { ok: false, reason: 'stale or bad timestamp' };
  const expected = Buffer.from(callbackSign(timestamp, appSecret));
  const given = Buffer.from(sign);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  return { ok: true };
}
