/**
 * Latest state wins: per key, one run at a time and at most one waiting; a newer value replaces the waiting one.
 * Every caller's promise settles with the run that carried its value or a newer one, so awaiting an update means
 * "the card shows this state or a later one".
 */

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Slot<T> {
  waiting?: { value: T; waiters: Waiter[] };
}

export class LatestWins<T> {
  private readonly slots = new Map<string, Slot<T>>();

  constructor(private readonly run: (key: string, value: T) => Promise<void>) {}

  submit(key: string, value: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const existing = this.slots.get(key);
      const slot: Slot<T> = existing ?? {};
      if (slot.waiting) {
        slot.waiting.value = value;
        slot.waiting.waiters.push({ resolve, reject });
      } else {
        slot.waiting = { value, waiters: [{ resolve, reject }] };
      }
      if (!existing) {
        this.slots.set(key, slot);
        void this.drain(key, slot);
      }
    });
  }

  private async drain(key: string, slot: Slot<T>): Promise<void> {
    while (slot.waiting) {
      const batch = slot.waiting;
      slot.waiting = undefined;
      try {
        await this.run(key, batch.value);
        for (const waiter of batch.waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of batch.waiters) waiter.reject(error);
      }
    }
    this.slots.delete(key);
  }
}
