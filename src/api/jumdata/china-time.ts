/** The provider's `expireTime` is `yyyy-MM-dd HH:mm:ss` in China time (UTC+8), whatever the server's zone. */
import { parseChinaTime as parseChinaEpoch } from '../../china-time.js';

/** Undefined for an absent or unreadable value: callers then fall back to their default lifetime. */
export function parseChinaTime(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const epochMs = parseChinaEpoch(text);
  return epochMs === undefined ? undefined : new Date(epochMs);
}
