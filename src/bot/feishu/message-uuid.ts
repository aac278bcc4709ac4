/**
 * The `uuid` of a send: Feishu posts at most one message per uuid (within about an hour) and limits it to 50
 * characters; which characters it accepts is not documented. A hex digest of the idempotency key is always valid:
 * 32 hex chars = 128 bits of sha256, collision-free in practice.
 */
import { createHash } from 'node:crypto';

export function messageUuid(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}
