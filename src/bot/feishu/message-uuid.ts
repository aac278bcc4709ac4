/**
 * The `uuid` of a send: Feishu posts at most one message per uuid (within about an hour) and limits it to 50
 * characters. Short plain keys are used as they are (readable in the platform's logs); others are hashed.
 */
import { createHash } from 'node:crypto';

const MAX_UUID_LENGTH = 50;
const PLAIN_KEY = /^[A-Za-z0-9._:-]+$/;

export function messageUuid(idempotencyKey: string): string {
  if (idempotencyKey.length <= MAX_UUID_LENGTH && PLAIN_KEY.test(idempotencyKey)) return idempotencyKey;
  // 'h-' + 48 hex chars = 50: 192 bits of sha256, collision-free in practice.
  return `h-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 48)}`;
}
