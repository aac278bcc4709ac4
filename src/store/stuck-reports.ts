/**
 * Which stuck jobs were reported to their chat, and for which wait: a job is reported once per state it sits in
 * (keyed by when it entered that state), restarts included. Rows of jobs no longer waiting are dropped.
 */
import type { Store } from './db.js';

interface StuckReport {
  /** When the job entered the state it was reported stuck in. */
  since: number;
}

export interface StuckReportRepository {
  reported(jobId: string, since: number): boolean;
  record(jobId: string, since: number): Promise<void>;
  /** Forgets every job not in `waiting`. */
  keepOnly(waiting: ReadonlySet<string>): Promise<void>;
}

export function createStuckReportRepository(store: Store): StuckReportRepository {
  const reports = store.table<StuckReport>('stuckReports');
  return {
    reported: (jobId, since) => reports.get(jobId)?.since === since,
    record: (jobId, since) => reports.put(jobId, { since }),
    async keepOnly(waiting) {
      for (const jobId of [...reports.entries()].map(([id]) => id)) if (!waiting.has(jobId)) await reports.delete(jobId);
    },
  };
}
