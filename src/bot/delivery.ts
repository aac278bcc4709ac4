/**
 * What every receiver does with a verified delivery, whatever the platform: put it in the durable inbox before the
 * acknowledgement (a duplicate is acknowledged and runs nothing), then run the bot's handler — for messages in the
 * background, in turn within their chat (chat-queue.ts); for clicks at once, awaited up to the answer window — and
 * mark it done. Running handlers are tracked so that shutdown can drain them; one cut off by a crash stays pending
 * and `replayPending` runs it on the next start.
 */
import type { Logger } from 'pino';
import { ChatQueue } from './chat-queue.js';
import type { ActionAnswer, Inbound, InboundAction, InboundHandler, InboundMessage, Inbox } from './platform.js';

export type ActionOutcome =
  | { kind: 'duplicate' }
  | { kind: 'answered'; answer: ActionAnswer | void }
  /**
   * Still running when the window closed: it finishes on its own (and updates the card itself). `answer` settles with
   * what it answers in the end (nothing if it failed), for platforms that answer a click by a message whenever.
   */
  | { kind: 'late'; answer: Promise<ActionAnswer | void> }
  | { kind: 'failed' };

/** Thrown while the bot shuts down: the receiver answers 503 and the platform delivers again later. */
export class ShuttingDownError extends Error {
  constructor() {
    super('shutting down: not taking deliveries');
    this.name = 'ShuttingDownError';
  }
}

export interface DeliveryPipeline {
  /** True once the message is durable (its handler then runs in the background), false when seen before. */
  message(inbound: InboundMessage): Promise<boolean>;
  /** A click: durable first, then the handler's answer if it comes within `windowMs`. */
  action(inbound: InboundAction, windowMs: number): Promise<ActionOutcome>;
  /** Runs every delivery a previous process acknowledged but did not finish; returns how many. */
  replayPending(): number;
  /** Refuses new deliveries and waits up to `timeoutMs` for running handlers (the rest run again on next start). */
  drain(timeoutMs: number): Promise<void>;
  /** Deliveries accepted and not yet done: being written, waiting their chat's turn, or running. */
  backlog(): number;
}

export interface DeliveryPipelineDeps {
  inbox: Inbox;
  handle: InboundHandler;
  logger: Logger;
  /** Chats whose messages are handled at the same time (default 16); one chat's messages run in order. */
  chatConcurrency?: number;
}

export function createDeliveryPipeline(deps: DeliveryPipelineDeps): DeliveryPipeline {
  const { inbox, logger } = deps;
  const chats = new ChatQueue(deps.chatConcurrency ?? 16);
  /** Messages wait their turn in their chat; clicks run at once, to be answered inside the platform's window. */
  const runInTurn = (inbound: Inbound) =>
    inbound.kind === 'message' ? chats.push(`${inbound.chat.platform}:${inbound.chat.chatId}`, () => run(inbound)) : run(inbound);
  /** Each delivery from its inbox write to its done mark, registered before the write: shutdown waits for all. */
  const running = new Set<Promise<unknown>>();
  let draining = false;
  /** Set once drain gave up waiting: a handler not started by then is left for the next start (it stays pending). */
  let stopped = false;

  function track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => running.delete(tracked));
    running.add(tracked);
    return tracked;
  }

  /** Runs the handler and marks the delivery done; resolves with the handler's answer, rejects if it threw. */
  async function run(inbound: Inbound): Promise<ActionAnswer | void> {
    if (stopped) throw new ShuttingDownError();
    try {
      const answer = await deps.handle(inbound);
      await markDone(inbound);
      return answer;
    } catch (error) {
      if (error instanceof ShuttingDownError) throw error;
      // A handler that throws would throw again on replay: log it and do not run it again.
      logger.error({ err: error, dedupeId: inbound.dedupeId }, 'inbound handler failed');
      await markDone(inbound);
      throw error;
    }
  }

  async function markDone(inbound: Inbound): Promise<void> {
    try {
      await inbox.done(inbound.dedupeId);
    } catch (error) {
      // Most likely the store closed under a handler that outlived shutdown: it stays pending and runs on restart.
      logger.warn({ err: error, dedupeId: inbound.dedupeId }, 'could not mark delivery done; it runs again on restart');
    }
  }

  async function accept(inbound: Inbound): Promise<boolean> {
    if (draining) throw new ShuttingDownError();
    const first = await inbox.accept(inbound);
    if (!first) logger.info({ dedupeId: inbound.dedupeId }, 'delivery seen before; acknowledged without running');
    return first;
  }

  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  return {
    message(inbound) {
      const accepted = accept(inbound);
      // One tracked unit from the write to the done mark: the acknowledgement goes out before the handler starts.
      void track(
        accepted.then(async (first) => {
          if (!first) return;
          await nextTurn();
          await runInTurn(inbound);
        }),
      ).catch(() => undefined);
      return accepted;
    },

    async action(inbound, windowMs) {
      const accepted = accept(inbound);
      const handled = track(accepted.then((first) => (first ? run(inbound) : undefined)));
      // Settled below when accepted; if the write itself fails, that failure is the one the caller sees.
      handled.catch(() => undefined);
      if (!(await accepted)) return { kind: 'duplicate' };
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<ActionOutcome>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'late', answer: handled.catch(() => undefined) }), windowMs);
      });
      const answered = handled.then(
        (answer): ActionOutcome => ({ kind: 'answered', answer }),
        (): ActionOutcome => ({ kind: 'failed' }),
      );
      try {
        return await Promise.race([answered, late]);
      } finally {
        clearTimeout(timer);
      }
    },

    replayPending() {
      const pending = inbox.pending();
      for (const inbound of pending) {
        logger.info({ dedupeId: inbound.dedupeId, kind: inbound.kind }, 'running a delivery the last process did not finish');
        void track(runInTurn(inbound)).catch(() => undefined);
      }
      return pending.length;
    },

    backlog: () => running.size,

    async drain(timeoutMs) {
      draining = true;
      const deadline = Date.now() + timeoutMs;
      // Units registered while waiting (a write that passed the check just before) are waited for too.
      while (running.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deadline - Date.now());
        });
        await Promise.race([Promise.allSettled([...running]), timeout]);
        clearTimeout(timer);
      }
      stopped = true;
      if (running.size > 0) logger.warn({ running: running.size }, 'handlers still running at shutdown; they run again on restart');
    },
  };
}
