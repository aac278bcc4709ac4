/**
 * The bot's cron tasks, all on the flows' scheduler (so `close()` stops them and waits for a run under way, and the
 * store remembers which runs were done): buyer confirmations on CONFIRMATION_CHECK_CRON; the expiry check and the
 * stuck-job report on EXPIRY_CHECK_CRON. A failed run is logged; the next one tries again.
 */
import type { ExpiryWatchRepository } from '../store/expiry-watch.js';
import type { StuckReportRepository } from '../store/stuck-reports.js';
import type { FlowContext } from './context.js';
import { createExpiryCheck } from './expiry-check.js';
import type { Flows } from './index.js';
import { createStuckJobReport } from './stuck-jobs.js';

export interface ScheduledCheckSettings {
  confirmationCheckCron: string;
  expiryCheckCron: string;
  expiryWarnMs: number;
  stuckJobMs: number;
  expiryWatch: ExpiryWatchRepository;
  stuckReports: StuckReportRepository;
}

export function startScheduledChecks(ctx: FlowContext, flows: Flows, settings: ScheduledCheckSettings): void {
  const { scheduler, logger } = ctx;
  const expiry = createExpiryCheck(ctx, { warnMs: settings.expiryWarnMs, watch: settings.expiryWatch });
  const stuck = createStuckJobReport(ctx, { afterMs: settings.stuckJobMs, reports: settings.stuckReports });

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
  scheduler.cron('expiry-check', settings.expiryCheckCron, logged('expiry check', () => expiry.check()));
  scheduler.cron('stuck-jobs', settings.expiryCheckCron, logged('stuck-job report', () => stuck.check()));
}
