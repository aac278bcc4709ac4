/**
 * Keeps calls under a platform's "N per window" limit per key (a chat, a message). Calls on one key run one at a
 * time, in the order they asked, and a call starts only when fewer than `limit` calls on that key *finished* within
 * the last `windowMs`. Counting finishes rather than starts keeps us under the limit however long the network takes:
 * the platform saw each earlier call before it finished. The clock and the wait are injected for tests.
 */

export interface PaceLimit {
  limit: number;
  windowMs: number;
}

export interface PacerClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Keys idle longer than the window are forgotten once this many are held, so the map does not grow forever. */
const SWEEP_ABOVE_KEYS = 1_000;

export class SendPacer {
  private readonly finishes = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pace: PaceLimit,
    private readonly clock: PacerClock,
  ) {}

  /** Runs `call` once there is room on `key`, after the calls on `key` that asked before it. */
  run<T>(key: string, call: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const turn = previous.then(async () => {
      await this.waitForRoom(key);
      try {
        return await call();
      } finally {
        this.finishes.set(key, [...this.recentFinishes(key), this.clock.now()]);
      }
    });
    const tail = turn.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return turn;
  }

  private async waitForRoom(key: string): Promise<void> {
    for (;;) {
      const recent = this.recentFinishes(key);
      if (recent.length < this.pace.limit) return;
      await this.clock.sleep(Math.max(1, recent[recent.length - this.pace.limit]! + this.pace.windowMs - this.clock.now()));
    }
  }

  private recentFinishes(key: string): number[] {
    if (this.finishes.size > SWEEP_ABOVE_KEYS) this.sweep();
    const since = this.clock.now() - this.pace.windowMs;
    return (this.finishes.get(key) ?? []).filter((at) => at > since);
  }

  private sweep(): void {
    const since = this.clock.now() - this.pace.windowMs;
    for (const [key, finishes] of this.finishes) {
      if (finishes.every((at) => at <= since)) this.finishes.delete(key);
    }
  }
}
