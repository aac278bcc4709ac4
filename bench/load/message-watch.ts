/**
 * Waiting for what the bot sent, at scale: the fake platform's own `waitFor` rescans every message every 10 ms,
 * fine for one test but not for hundreds of waiters over tens of thousands of replies. Here one timer looks at each
 * new message once and hands it to the waiters it matches.
 */
import { cardTitle } from '../../test/fakes/feishu/card-reading.js';
import type { FakeFeishu, FakeFeishuMessage } from '../../test/fakes/feishu/platform.js';

export interface MessageQuery {
  /** Exactly this chat, or every chat whose id starts with `chatPrefix`. */
  chatId?: string;
  chatPrefix?: string;
  /** A text containing `fragment`, or a card whose title (as first sent) contains it. */
  kind: 'text' | 'card';
  fragment: string;
  /** Resolve once this many have been seen. */
  count: number;
  timeoutMs: number;
}

/** What crosses the IPC channel: enough to click a card (its content as first sent) and to time a reply. */
export interface SeenMessage {
  messageId: string;
  chatId: string;
  content: unknown;
  createdAt: number;
}

interface Waiter {
  query: MessageQuery;
  found: SeenMessage[];
  resolve(found: SeenMessage[]): void;
}

const SCAN_EVERY_MS = 5;

export interface MessageWatch {
  waitFor(query: MessageQuery): Promise<SeenMessage[]>;
  /** The fake forgets what it recorded (between rounds, once quiet); the watch starts again from its first message. */
  forget(): void;
  stop(): void;
}

export function watchMessages(fake: FakeFeishu): MessageWatch {
  const waiters = new Set<Waiter>();
  let scanned = 0;

  const timer = setInterval(() => {
    const { messages } = fake;
    for (; scanned < messages.length; scanned += 1) {
      const message = messages[scanned]!;
      for (const waiter of waiters) offer(waiter, message);
    }
  }, SCAN_EVERY_MS);

  function offer(waiter: Waiter, message: FakeFeishuMessage): void {
    if (!matches(waiter.query, message)) return;
    waiter.found.push({ messageId: message.messageId, chatId: message.chatId, content: message.originalContent, createdAt: message.createdAt });
    if (waiter.found.length >= waiter.query.count) {
      waiters.delete(waiter);
      waiter.resolve(waiter.found);
    }
  }

  return {
    waitFor(query) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!waiters.delete(waiter)) return;
          reject(new Error(`fake Feishu: ${waiter.found.length} of ${query.count} ${query.kind} "${query.fragment}" within ${query.timeoutMs} ms`));
        }, query.timeoutMs);
        const waiter: Waiter = { query, found: [], resolve: (found) => (clearTimeout(timer), resolve(found)) };
        waiters.add(waiter);
        // What arrived before the question was asked counts too.
        for (const message of fake.messages.slice(0, scanned)) if (waiters.has(waiter)) offer(waiter, message);
      });
    },
    forget() {
      fake.forget();
      scanned = 0;
    },
    stop: () => clearInterval(timer),
  };
}

function matches(query: MessageQuery, message: FakeFeishuMessage): boolean {
  if (query.chatId !== undefined && message.chatId !== query.chatId) return false;
  if (query.chatPrefix !== undefined && !message.chatId.startsWith(query.chatPrefix)) return false;
  if (query.kind === 'text') return message.msgType === 'text' && String(message.content?.text ?? '').includes(query.fragment);
  return message.msgType === 'interactive' && cardTitle(message.originalContent).includes(query.fragment);
}
