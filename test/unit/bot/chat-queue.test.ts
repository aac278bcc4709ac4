import { describe, expect, it } from 'vitest';
import { ChatQueue } from '../../../src/bot/chat-queue.js';

/** A task that records its start and finishes when told to. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { task: async () => (log.push(`start ${name}`), await done, log.push(`end ${name}`), name), open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ChatQueue', () => {
  it('runs one chat’s tasks one at a time, in order', async () => {
    const log: string[] = [];
    const queue = new ChatQueue(4);
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const results = [queue.push('a', a1.task), queue.push('a', a2.task)];
    await tick();
    expect(log).toEqual(['start a1']);
    a2.open();
    a1.open();
    expect(await Promise.all(results)).toEqual(['a1', 'a2']);
    expect(log).toEqual(['start a1', 'end a1', 'start a2', 'end a2']);
  });

  it('runs at most `concurrency` chats at once, and takes waiting chats in turn', async () => {
    const log: string[] = [];
    const queue = new ChatQueue(2);
    const gates = ['a1', 'a2', 'b1', 'c1'].map((name) => gate(log, name));
    const [a1, a2, b1, c1] = gates;
    const all = [queue.push('a', a1!.task), queue.push('a', a2!.task), queue.push('b', b1!.task), queue.push('c', c1!.task)];
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    a1!.open();
    await tick();
    // Chat c has waited longer than a's second task: it goes first.
    expect(log.slice(2)).toEqual(['end a1', 'start c1']);
    for (const g of gates) g.open();
    await Promise.all(all);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start a1', 'start b1', 'start c1', 'start a2']);
  });

  it('passes a task’s failure to its caller and goes on with the next', async () => {
    const queue = new ChatQueue(1);
    const failed = queue.push('a', async () => {
      throw new Error('boom');
    });
    const next = queue.push('a', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
