/**
 * Runs the steps of jobs one at a time per job: a call for a job that is already running makes it run once more
 * when done, instead of a second loop beside it. A step that throws (a chat or store failure mid-step) leaves the
 * persisted state as it was, so the job is tried again later if its state is one the flow resumes by itself — with
 * a growing delay, and not at all once the chat says sending there is pointless (the bot was removed, the chat is
 * gone) or after MAX_STEP_RETRIES: a restart picks the job up again.
 */
import { isPermanentSendFailure } from '../bot/chat-send-error.js';
import type { JobState } from '../store/jobs.js';
import type { FlowContext } from './context.js';
import { backoffDelay } from './scheduler.js';

/** Failed steps in a row after which a job waits for the next start (with jobRetry's defaults: about 1.5 hours). */
export const MAX_STEP_RETRIES = 12;

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
  const failedSteps = new Map<string, number>();

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
        await step(jobId).then(
          () => failedSteps.delete(jobId),
          (error: unknown) => retryLater(jobId, error),
        );
      } while (rerun.has(jobId));
    } finally {
      running.delete(jobId);
    }
  }

  function retryLater(jobId: string, error: unknown): void {
    const failures = (failedSteps.get(jobId) ?? 0) + 1;
    failedSteps.set(jobId, failures);
    const job = ctx.jobs.get(jobId);
    if (!job || !resumable.includes(job.state)) return;
    if (isPermanentSendFailure(error) || failures > MAX_STEP_RETRIES) {
      failedSteps.delete(jobId);
      ctx.logger.error({ err: error, job: jobId, failures }, 'job step keeps failing; stopped until the next start');
      return;
    }
    ctx.logger.error({ err: error, job: jobId, failures }, 'job step failed; will retry');
    scheduleAgain(jobId, backoffDelay(ctx.timing.jobRetry, failures - 1));
  }

  return { advance, scheduleAgain };
}
