/**
 * The bot's cron tasks, all on the flows' scheduler (so `close()` stops them and waits for a run under way, and the
 * store remembers which runs were done): buyer confirmations on CONFIRMATION_CHECK_CRON. A failed run is logged; the
 * next one tries again.
 */
import type { FlowContext } from './context.js';
import type { Flows } from './index.js';

export interface ScheduledCheckSettings {
  confirmationCheckCron: string;
}

export function startScheduledChecks(ctx: FlowContext, flows: Flows, settings: ScheduledCheckSettings): void {
  const { scheduler, logger } = ctx;

  const logged = (what: string, run: () => Promise<void>) => async () => {
    try {
      await run();
    } catch (error) {
      logger.warn({ err: error }, `${what} failed; the next one tries again`);
    }
  };

  scheduler.cron(
    'confirmation-check',
    settings.confirmationCheckCron,
    logged('confirmation check', async () => {
      const posted = await flows.incoming.check();
      if (posted > 0) logger.info({ posted }, 'posted new buyer confirmations');
    }),
  );
}
