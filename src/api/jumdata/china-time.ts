/** The provider's `expireTime` is `yyyy-MM-dd HH:mm:ss` in China time (UTC+8), whatever the server's zone. */
import { EXPIRE_TIME_UTC_OFFSET_HOURS } from './wire.js';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** Undefined for an absent or unreadable value: callers then fall back to their default lifetime. */
export function parseChinaTime(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const utcMs = Date.UTC(y, mo - 1, d, h - EXPIRE_TIME_UTC_OFFSET_HOURS, mi, s);
  return Number.isNaN(utcMs) ? undefined : new Date(utcMs);
}
