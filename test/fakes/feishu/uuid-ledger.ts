/**
 * `uuid` idempotency of message sends: a second send with a uuid seen within the hour answers the first message
 * instead of posting again; after the hour the same uuid posts anew. The hour is what the platform states for
 * message de-duplication (see src/bot/feishu/message-uuid.ts, "within about an hour"); the exact boundary is not
 * documented, this fake uses "younger than 1 h".
 */

export const UUID_DEDUPE_MS = 60 * 60 * 1000;

export class UuidLedger<T> {
  private readonly seen = new Map<string, { value: T; at: number }>();

  constructor(private readonly now: () => number) {}

  /** What was posted under `uuid` within the hour, if anything. */
  find(uuid: string): T | undefined {
    const entry = this.seen.get(uuid);
    if (!entry) return undefined;
    if (this.now() - entry.at >= UUID_DEDUPE_MS) {
      this.seen.delete(uuid);
      return undefined;
    }
    return entry.value;
  }

  remember(uuid: string, value: T): void {
    this.seen.set(uuid, { value, at: this.now() });
  }

  clear(): void {
    this.seen.clear();
  }
}
