/**
 * Group commit: items added during one tick are handed to `writeBatch` together, so a burst of writes costs one
 * write and one fdatasync rather than one each. Each `add` resolves once its batch is written, or rejects with the
 * batch's error. Batches are written one at a time, in the order their items were added.
 */

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class GroupCommit<T> {
  private queue: Pending<T>[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | undefined;

  constructor(private readonly writeBatch: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Everything added during this tick goes out in one batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Resolves when everything added so far is written (or has failed). */
  async settle(): Promise<void> {
    while (this.flushing || this.flushScheduled || this.queue.length > 0) {
      if (this.flushing) await this.flushing;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private flush(): Promise<void> {
    this.flushScheduled = false;
    // One flush at a time: a running flush loops until the queue is empty.
    this.flushing ??= this.drainQueue().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        await this.writeBatch(batch.map((pending) => pending.item));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const pending of batch) pending.reject(failure);
      }
    }
  }
}

/** The texts of consecutive items that share a key, joined: one write per file a batch touches, order kept. */
export function joinRuns<T extends { text: string }, K>(items: readonly T[], keyOf: (item: T) => K): [K, string][] {
  const runs: [K, string][] = [];
  for (const item of items) {
    const key = keyOf(item);
    const last = runs.at(-1);
    if (last && last[0] === key) last[1] += item.text;
    else runs.push([key, item.text]);
  }
  return runs;
}
