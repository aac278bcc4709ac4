import { createHash, timingSafeEqual } from 'node:crypto';
import { fail, type Params, type Reply } from './endpoint.js';
import type { ResolvedSandboxOptions } from './options.js';

/** sign = sha256_hex(appId + appSecret + timestamp), as the document defines it. */
export function jumdataSign(appId: string, appSecret: string, timestamp: string): string {
  return createHash('sha256').update(appId + appSecret + timestamp).digest('hex');
}

/**
 * The gateway's check, before anything else: unknown appId or a wrong sign → 400 签名错误; a timestamp too far from
 * the wall clock → 400 时间戳已过期. The wall clock, not the simulated bureau clock: /__sandbox/advance moves the
 * bureau's time, never the client's.
 */
export function checkSignature(options: ResolvedSandboxOptions, params: Params, wallNow: number): Reply | undefined {
  const { appId, timestamp, sign } = params;
  if (!timestamp) return fail(400, '参数错误: 缺少 timestamp');
  if (appId !== options.appId || !sign) return fail(400, '签名错误');
  const expected = Buffer.from(jumdataSign(options.appId, options.appSecret, timestamp));
  const given = Buffer.from(sign.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return fail(400, '签名错误');
  const sentAt = Number(timestamp);
  if (!Number.isFinite(sentAt) || Math.abs(wallNow - sentAt) > options.timestampWindowMs) return fail(400, '时间戳已过期');
  return undefined;
}
