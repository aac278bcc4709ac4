/**
 * Runs the steps of jobs one at a time per job: a call for a job that is already running makes it run once more
 * when done, instead of a second loop beside it. A step that throws (a chat or store failure mid-step) leaves the
 * persisted state as it was, so the job is tried again later if its state is one the flow resumes by itself.
 */
import type { JobState } from '../store/jobs.js';
import type { FlowContext } from './context.js';

export interface JobRunner {
  advance(jobId: string): Promise<void>;
  /** Through the scheduler, one timer per job: stopping the bot waits for it. */
  scheduleAgain(jobId: string, delayMs: number): void;
}

export function createJobRunner(
  ctx: FlowContext,
  step: (jobId: string) => Promise<void>,
  resumable: readonly JobState[],
): JobRunner {
  const running = new Set<string>();
  const rerun = new Set<string>();

  function scheduleAgain(jobId: string, delayMs: number): void {
    ctx.scheduler.schedule(`job:${jobId}`, delayMs, () => advance(jobId));
  }

  async function advance(jobId: string): Promise<void> {
    if (running.has(jobId)) {
      rerun.add(jobId);
      return;
    }
    running.add(jobId);
    try {
      do {
        rerun.delete(jobId);
        await step(jobId).catch((error: unknown) => {
          ctx.logger.error({ err: error, job: jobId }, 'job step failed; will retry');
          const job = ctx.jobs.get(jobId);
          if (job && resumable.includes(job.state)) scheduleAgain(jobId, ctx.timing.jobRetry.initialMs);
        });
      } while (rerun.has(jobId));
    } finally {
      running.delete(jobId);
    }
  }

  return { advance, scheduleAgain };
}
