/**
 * What every receiver does with a verified delivery, whatever the platform: put it in the durable inbox before the
 * acknowledgement (a duplicate is acknowledged and runs nothing), then run the bot's handler — detached for
 * messages, awaited up to the answer window for clicks — and mark it done. Running handlers are tracked so that
 * shutdown can drain them; one cut off by a crash stays pending and `replayPending` runs it on the next start.
 */
import type { Logger } from 'pino';
import type { ActionAnswer, Inbound, InboundAction, InboundHandler, InboundMessage, Inbox } from './platform.js';

export type ActionOutcome =
  | { kind: 'duplicate' }
  | { kind: 'answered'; answer: ActionAnswer | void }
  /** Still running when the window closed: it finishes on its own (and updates the card itself). */
  | { kind: 'late' }
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
}

export function createDeliveryPipeline(deps: { inbox: Inbox; handle: InboundHandler; logger: Logger }): DeliveryPipeline {
  const { inbox, logger } = deps;
  const running = new Set<Promise<unknown>>();
  let draining = false;

  /** Runs the handler and marks the delivery done; never rejects. */
  function run(inbound: Inbound): Promise<ActionAnswer | void> {
    const handling = Promise.resolve().then(() => deps.handle(inbound));
    const tracked = handling
      .then(
        () => inbox.done(inbound.dedupeId),
        async (error: unknown) => {
          // A handler that throws would throw again on replay: log it and do not run it again.
          logger.error({ err: error, dedupeId: inbound.dedupeId }, 'inbound handler failed');
          await inbox.done(inbound.dedupeId);
        },
      )
      .catch((error: unknown) => {
        // Most likely the store closed under a handler that outlived shutdown: it stays pending and runs on restart.
        logger.warn({ err: error, dedupeId: inbound.dedupeId }, 'could not mark delivery done; it runs again on restart');
      })
      .finally(() => running.delete(tracked));
    running.add(tracked);
    return handling;
  }

  async function accept(inbound: Inbound): Promise<boolean> {
    if (draining) throw new ShuttingDownError();
    const first = await inbox.accept(inbound);
    if (!first) logger.info({ dedupeId: inbound.dedupeId }, 'delivery seen before; acknowledged without running');
    return first;
  }

  return {
    async message(inbound) {
      const first = await accept(inbound);
      if (first) setImmediate(() => void run(inbound).catch(() => undefined));
      return first;
    },

    async action(inbound, windowMs) {
      if (!(await accept(inbound))) return { kind: 'duplicate' };
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<ActionOutcome>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'late' }), windowMs);
      });
      const answered = run(inbound).then(
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
        void run(inbound).catch(() => undefined);
      }
      return pending.length;
    },

    async drain(timeoutMs) {
      draining = true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.allSettled([...running]), timeout]);
      clearTimeout(timer);
      if (running.size > 0) logger.warn({ running: running.size }, 'handlers still running at shutdown; they run again on restart');
    },
  };
}
