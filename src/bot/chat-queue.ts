/**
 * Runs message handlers one at a time per chat, in arrival order, and at most `concurrency` chats at once, taking
 * chats in turn so a busy group cannot starve the others. The acknowledgement never waits for it: the delivery is
 * already in the durable inbox, so a burst is acknowledged at once and worked off at the pace replies can go out
 * (a chat platform lets a bot post only a few messages a second into one group anyway).
 */
/** A FIFO whose shift is O(1): a flooded chat can hold thousands of waiting messages. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head++];
    // Drop the consumed front once it is most of the array, so memory follows what is still waiting.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

interface QueuedTask {
  run: () => Promise<unknown>;
  settle: (outcome: Promise<unknown>) => void;
}

export class ChatQueue {
  private readonly waiting = new Map<string, Fifo<QueuedTask>>();
  /** Chats with work waiting and none running, in the order they became ready. */
  private readonly ready = new Fifo<string>();
  private readonly busy = new Set<string>();

  constructor(private readonly concurrency: number) {}

  /** Queues `task` behind the chat's earlier ones; resolves or rejects as the task does. */
  push<T>(chatKey: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queue = this.waiting.get(chatKey) ?? new Fifo<QueuedTask>();
      queue.push({ run: task, settle: (outcome) => (outcome as Promise<T>).then(resolve, reject) });
      this.waiting.set(chatKey, queue);
      if (queue.length === 1 && !this.busy.has(chatKey)) this.ready.push(chatKey);
      this.pump();
    });
  }

  private pump(): void {
    while (this.busy.size < this.concurrency && this.ready.length > 0) {
      const chatKey = this.ready.shift()!;
      const queue = this.waiting.get(chatKey)!;
      const task = queue.shift()!;
      if (queue.length === 0) this.waiting.delete(chatKey);
      this.busy.add(chatKey);
      const outcome = Promise.resolve().then(task.run);
      task.settle(outcome);
      void outcome
        .catch(() => undefined)
        .finally(() => {
          this.busy.delete(chatKey);
          if (this.waiting.has(chatKey)) this.ready.push(chatKey);
          this.pump();
        });
    }
  }
}
