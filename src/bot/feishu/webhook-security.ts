/**
 * What makes a Feishu delivery trustworthy, checked on the raw body before the SDK sees it:
 * freshness of `X-Lark-Request-Timestamp` (the SDK checks none, so a captured request could be replayed),
 * the event signature sha256(timestamp + nonce + encryptKey + body), the old card callback signature
 * sha1(timestamp + nonce + verificationToken + body), and decryption of `{encrypt}` bodies.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';

export interface SignatureHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
}

export function signatureHeaders(headers: IncomingHttpHeaders): SignatureHeaders {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    timestamp: one('x-lark-request-timestamp'),
    nonce: one('x-lark-request-nonce'),
    signature: one('x-lark-signature'),
  };
}

export function hasSignatureHeaders(headers: SignatureHeaders): boolean {
  return headers.timestamp !== undefined || headers.nonce !== undefined || headers.signature !== undefined;
}

/** The timestamp is Unix seconds; a value in milliseconds is accepted too. */
export function isFresh(timestamp: string | undefined, nowMs: number, windowMs: number): boolean {
  const value = Number(timestamp);
  if (!timestamp || !Number.isFinite(value)) return false;
  const ms = value > 1e11 ? value : value * 1000;
  return Math.abs(nowMs - ms) <= windowMs;
}

/** Event (and encrypted card) signature: keyed by the Encrypt Key. */
export function isEventSignatureValid(headers: SignatureHeaders, rawBody: string, encryptKey: string): boolean {
  return signatureMatches('sha256', headers, encryptKey, rawBody);
}

/** Old-style card callback signature: keyed by the Verification Token. */
export function isCardSignatureValid(headers: SignatureHeaders, rawBody: string, verificationToken: string): boolean {
  return signatureMatches('sha1', headers, verificationToken, rawBody);
}

function signatureMatches(algorithm: 'sha1' | 'sha256', headers: SignatureHeaders, secret: string, rawBody: string): boolean {
  const { timestamp, nonce, signature } = headers;
  if (timestamp === undefined || nonce === undefined || !signature) return false;
  const expected = createHash(algorithm).update(timestamp + nonce + secret + rawBody).digest('hex');
  const given = Buffer.from(signature.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

export type DecryptResult = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string };

/** One cipher per key: building one hashes the key, which every request would otherwise repeat. */
const ciphers = new Map<string, lark.AESCipher>();

function cipherFor(encryptKey: string): lark.AESCipher {
  let cipher = ciphers.get(encryptKey);
  if (!cipher) {
    cipher = new lark.AESCipher(encryptKey);
    ciphers.set(encryptKey, cipher);
  }
  return cipher;
}

/** Opens `{encrypt}` with the SDK's own cipher; plain bodies pass through. */
export function openBody(body: Record<string, unknown>, encryptKey: string | undefined): DecryptResult {
  if (typeof body.encrypt !== 'string') return { ok: true, payload: body };
  if (!encryptKey) return { ok: false, reason: 'encrypted body but no encrypt key configured' };
  try {
    const payload: unknown = JSON.parse(cipherFor(encryptKey).decrypt(body.encrypt));
    if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'decrypted body is not an object' };
    return { ok: true, payload: payload as Record<string, unknown> };
  } catch {
    return { ok: false, reason: 'cannot decrypt body' };
  }
}

/** The verification token a payload carries: `header.token` (schema 2.0) or `token` (v1 events, url_verification). */
export function payloadVerificationToken(payload: Record<string, unknown>): string | undefined {
  const header = payload.header as { token?: unknown } | undefined;
  const token = payload.schema !== undefined ? header?.token : payload.token;
  return typeof token === 'string' ? token : undefined;
}
