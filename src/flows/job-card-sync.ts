/**
 * A job's card is part of the job: what the card last showed is persisted (`cardShown`, a digest of the rendered
 * card), and after every state change the card is updated until it shows the job's current state — retried with
 * backoff when the platform is busy or unreachable, and checked again on start. So a failed final update cannot
 * leave a card at 开具中 once the job is done. A card the platform says is gone, or refuses outright, is left alone.
 * Updates of one job run one at a time; the sender paces them per message. The same holds for any other card
 * rendered from a job (the approval card): a `JobCardView` says which.
 */
import { createHash } from 'node:crypto';
import { showCardState } from '../bot/card-update.js';
import { isPermanentSendFailure } from '../bot/chat-send-error.js';
import type { Card } from '../bot/platform.js';
import type { JobRecord } from '../store/jobs.js';
import { senderFor, type FlowContext } from './context.js';
import { renderJobCard } from './job-card.js';
import { backoffDelay, type Backoff } from './scheduler.js';

/** Card retries: quick at first, then at most every 5 minutes, for about a day before giving up. */
export const CARD_RETRY: Backoff = { initialMs: 1_000, maxMs: 5 * 60_000, factor: 2 };
const MAX_CARD_ATTEMPTS = 300;

export interface JobCardSync {
  /** Brings the job's card up to date with the job as stored now; retries on its own on failure. */
  show(jobId: string): Promise<void>;
  /** On start: every card that does not show its job's state is updated. */
  resume(): void;
}

/** One card rendered from a job: where it is, what it shows, and where the digest of what it shows is kept. */
export interface JobCardView {
  /** Scheduler key prefix and log name. */
  key: string;
  messageId(job: JobRecord): string | undefined;
  render(job: JobRecord): Card;
  shown(job: JobRecord): string | undefined;
  /** The patch that records `digest` as shown. */
  markShown(job: JobRecord, digest: string): Partial<JobRecord>;
  /** The patch that records a new message showing the card (a platform that cannot update posts a new one). */
  moved(job: JobRecord, messageId: string): Partial<JobRecord>;
}

/** The job's own card: the preview that becomes the progress and the final card. */
export const JOB_CARD: JobCardView = {
  key: 'card',
  messageId: (job) => job.previewMessageId,
  render: renderJobCard,
  shown: (job) => job.cardShown,
  markShown: (_job, digest) => ({ cardShown: digest }),
  moved: (_job, messageId) => ({ previewMessageId: messageId }),
};

export function digestOf(card: Card): string {
  return createHash('sha256').update(JSON.stringify(card)).digest('hex').slice(0, 16);
}

export function cardDigest(job: JobRecord): string {
  return digestOf(renderJobCard(job));
}

export function createJobCardSync(ctx: FlowContext, view: JobCardView = JOB_CARD): JobCardSync {
  const { jobs, logger } = ctx;
  const digest = (job: JobRecord) => digestOf(view.render(job));
  const attempts = new Map<string, number>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  async function update(jobId: string): Promise<void> {
    const job = jobs.get(jobId);
    const messageId = job && view.messageId(job);
    if (!job || !messageId) return;
    const shown = digest(job);
    if (shown === view.shown(job)) return;
    let shownIn: string;
    try {
      const key = `job:${jobId}:${view.key}:${shown}`;
      shownIn = await showCardState(senderFor(ctx, job.chat), job.chat, messageId, view.render(job), key);
    } catch (error) {
      const attempt = (attempts.get(jobId) ?? 0) + 1;
      attempts.set(jobId, attempt);
      if (attempt >= MAX_CARD_ATTEMPTS || isPermanentSendFailure(error)) {
        logger.error({ err: error, job: jobId, attempt, card: view.key }, 'giving up updating the job card');
        return;
      }
      logger.warn({ err: error, job: jobId, attempt, card: view.key }, 'could not update the job card; will retry');
      ctx.scheduler.schedule(`${view.key}:${jobId}`, backoffDelay(CARD_RETRY, attempt - 1), () => show(jobId));
      return;
    }
    attempts.delete(jobId);
    // A new message now shows the card where the platform cannot update one: clicks on older cards are refused.
    if (shownIn !== messageId) await jobs.update(jobId, view.moved(job, shownIn));
    // Records are changed in place: if the job moved on while the update was on its way, the next round shows that.
    if (digest(job) === shown) await jobs.update(jobId, view.markShown(job, shown));
  }

  function show(jobId: string): Promise<void> {
    const current = running.get(jobId);
    if (current) {
      again.add(jobId);
      return current;
    }
    const run = (async () => {
      do {
        again.delete(jobId);
        await update(jobId);
      } while (again.has(jobId));
    })().finally(() => running.delete(jobId));
    running.set(jobId, run);
    return run;
  }

  return {
    show,
    resume() {
      for (const job of jobs.all()) {
        if (view.messageId(job) && digest(job) !== view.shown(job)) {
          ctx.scheduler.schedule(`${view.key}:${job.id}`, 0, () => show(job.id));
        }
      }
    },
  };
}
