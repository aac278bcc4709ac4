/**
 * The fake platform's frequency limits: at most `limit` accepted calls per key (a chat, a message) in any sliding
 * `windowMs`, on the fake's clock. Feishu answers the excess with HTTP 400, code 230020 ("This operation triggers the
 * frequency limit", PATCH message docs). Decided here: only accepted calls count; a refused one does not use up room.
 */

export const FREQUENCY_LIMIT_CODE = 230020;

export class FrequencyLimit {
  private readonly accepted = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts a call on `key` and returns true, or returns false when the key is over its limit. */
  admit(key: string): boolean {
    const since = this.now() - this.windowMs;
    const recent = (this.accepted.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.limit) {
      this.accepted.set(key, recent);
      return false;
    }
    recent.push(this.now());
    this.accepted.set(key, recent);
    return true;
  }
}
