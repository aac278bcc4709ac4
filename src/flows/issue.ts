/**
 * The blue-invoice workflow: preview → confirmed → submitting → in progress → issued → delivered
 * (or waiting for face auth / login, failed, cancelled). Each step reads the job from the store, writes the next
 * state before it acts, and is safe to run again: the provider dedupes on the job's fixed taskId, the chat sender
 * dedupes on per-step keys, and a state transition only happens once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ProviderError, ProviderErrorCode, type InvoiceDraft, type IssuedInvoice } from '../api/provider.js';
import type { ActionAnswer, ChatRef, UserRef } from '../bot/platform.js';
import type { JobRecord, JobState } from '../store/jobs.js';
import { senderFor, type FlowContext } from './context.js';
import { accessJobOfType, type JobClick } from './job-access.js';
import { alreadyDecidedToast, deliveredText, failedText, NEEDS_LOGIN_TEXT, stillTryingText } from './issue-texts.js';
import { cardDigest, createJobCardSync } from './job-card-sync.js';
import { renderJobCard } from './job-card.js';
import { createJobRunner } from './job-runner.js';
import { providerErrorText } from './provider-error-text.js';
import { rememberChat } from './home-chat.js';
import { findIssuedInvoice } from './reconcile.js';
import { backoffDelay } from './scheduler.js';

/** States in which the job may already be at the provider: only ever resubmit with the same taskId. */
const AT_PROVIDER: readonly JobState[] = ['submitting', 'in_progress'];
/** How often a chat hears that a job is still being retried. */
const STILL_TRYING_EVERY_MS = 3600_000;
/** States a restart picks up by itself. */
const RESUMABLE: readonly JobState[] = ['confirmed', 'submitting', 'in_progress', 'issued'];
const UNFINISHED: readonly JobState[] = [
  'preview',
  'awaiting_approval',
  'confirmed',
  'submitting',
  'in_progress',
  'waiting_face_auth',
  'waiting_login',
  'issued',
];

export interface PreviewRequest {
  /** The delivery that asked for it: the same request (a replay after a crash) finds the same job. */
  requestId: string;
  chat: ChatRef;
  user: UserRef;
  draft: InvoiceDraft;
  warnings: string[];
}

export interface IssueFlow {
  /** Saves a new job and posts its preview card; asked again for the same request, posts nothing new. */
  preview(request: PreviewRequest): Promise<JobRecord>;
  /** 确认开具: starts the job once, however often it is clicked; only from the job's own chat and card. */
  confirm(click: JobClick): Promise<ActionAnswer>;
  cancel(click: JobClick): Promise<ActionAnswer>;
  /** Runs the next step of a job; concurrent calls for one job coalesce. */
  advance(jobId: string): Promise<void>;
  /** Face auth passed or login succeeded: every job that waited for it goes on. */
  resumeWaiting(state: 'waiting_face_auth' | 'waiting_login'): Promise<void>;
  /** On start: every job that was under way resumes with its own taskId. */
  resumeAll(): void;
  /** Jobs not yet finished, for 状态. */
  unfinished(chatId?: string): JobRecord[];
}

export interface IssueFlowHooks {
  /** The bureau wants a face scan: post a QR into this chat unless one is already waiting. */
  needFaceAuth(chat: ChatRef, jobId: string): Promise<void>;
}

export function createIssueFlow(ctx: FlowContext, hooks: IssueFlowHooks): IssueFlow {
  const { jobs, logger } = ctx;
  const cards = createJobCardSync(ctx);
  const runner = createJobRunner(ctx, step, RESUMABLE);
  const advance = runner.advance;

  /** The card follows the job; a refused update is retried by the card sync, never lost. */
  function refreshCard(job: JobRecord): Promise<void> {
    return cards.show(job.id);
  }

  async function fail(job: JobRecord, failure: string): Promise<void> {
    const failed = await jobs.transition(job.id, UNFINISHED, 'failed', { failure });
    if (!failed) return;
    logger.warn({ job: job.id, failure }, 'job failed');
    await refreshCard(failed);
    await senderFor(ctx, failed.chat).sendText(failed.chat, failedText(failed), `job:${job.id}:failed`);
  }

  /**
   * A job that may have reached the provider before (an earlier submit whose outcome was lost or still pending) is
   * only failed once a query shows no invoice was issued for it; otherwise a new request would issue a second one.
   */
  async function failAfterReconciling(job: JobRecord, failure: string): Promise<void> {
    if (job.submitAttempts > 1 && job.firstSubmittedAt !== undefined) {
      let found: IssuedInvoice | undefined;
      try {
        found = await findIssuedInvoice(ctx, job);
      } catch (error) {
        logger.warn({ err: error, job: job.id }, 'could not check whether the job was issued; not failing it yet');
        return scheduleAgain(job, backoffDelay(ctx.timing.jobRetry, (job.transientFailures ?? 0) + 1));
      }
      if (found) return markIssued(job, found);
    }
    await fail(job, failure);
  }

  /**
   * From the stillTryingAfterFailures-th transient failure (by default the first: each outlasted the client's own
   * retries) the chat hears, at most hourly, that the job goes on under the same taskId, and when it tries next.
   */
  async function tellStillTrying(job: JobRecord, nextTryAt: number): Promise<JobRecord> {
    const told = job.stillTryingToldAt;
    if (told !== undefined && ctx.now() - told < STILL_TRYING_EVERY_MS) return job;
    const at = ctx.now();
    const updated = await jobs.update(job.id, { stillTryingToldAt: at });
    await refreshCard(updated);
    await senderFor(ctx, job.chat).sendText(job.chat, stillTryingText(updated, nextTryAt, ctx.timing.jobRetry.maxMs), `job:${job.id}:still-trying:${at}`);
    return updated;
  }

  /** All background work goes through the scheduler, so stopping the bot waits for it. */
  function scheduleAgain(job: JobRecord, delayMs: number): void {
    runner.scheduleAgain(job.id, delayMs);
  }

  async function markIssued(job: JobRecord, invoice: IssuedInvoice): Promise<void> {
    const issued = await jobs.transition(job.id, AT_PROVIDER, 'issued', { invoice, transientFailures: 0 });
    if (issued) await deliver(issued);
  }

  async function deliver(job: JobRecord): Promise<void> {
    const invoice = job.invoice!;
    if (!job.downloadUrl) {
      try {
        const downloadUrl = await ctx.provider.downloadUrl(ctx.account, invoice.number, invoice.issuedAt);
        job = await jobs.update(job.id, { downloadUrl });
      } catch (error) {
        // The invoice exists; a missing link must not hold back the number. 下载 fetches it later.
        logger.warn({ err: error, job: job.id }, 'download link not available');
      }
    }
    await senderFor(ctx, job.chat).sendText(job.chat, deliveredText(job), `job:${job.id}:delivered`);
    const delivered = await jobs.transition(job.id, ['issued'], 'delivered');
    if (delivered) await refreshCard(delivered);
    logger.info({ job: job.id, invoice: invoice.number }, 'invoice delivered');
  }

  async function onProviderError(job: JobRecord, error: unknown): Promise<void> {
    if (error instanceof ProviderError && error.code === ProviderErrorCode.LoginRequired) {
      return waitForLogin(job);
    }
    if (error instanceof ProviderError && error.code === ProviderErrorCode.FaceAuthRequired) {
      return waitForFaceAuth(job);
    }
    const transient = !(error instanceof ProviderError) || error.retryable;
    if (transient) {
      // Never given up: the bureau may still issue under this taskId, and a new request would carry a new one.
      const failures = (job.transientFailures ?? 0) + 1;
      job = await jobs.update(job.id, { transientFailures: failures });
      const delayMs = backoffDelay(ctx.timing.jobRetry, failures - 1);
      logger.warn({ err: error, job: job.id, failures }, 'transient failure, will retry with the same taskId');
      if (failures >= ctx.timing.stillTryingAfterFailures) job = await tellStillTrying(job, ctx.now() + delayMs);
      return scheduleAgain(job, delayMs);
    }
    await failAfterReconciling(job, providerErrorText(error));
  }

  async function waitForFaceAuth(job: JobRecord): Promise<void> {
    const waiting = await jobs.transition(job.id, AT_PROVIDER, 'waiting_face_auth', { transientFailures: 0 });
    if (!waiting) return;
    await refreshCard(waiting);
    await hooks.needFaceAuth(waiting.chat, waiting.id);
  }

  async function waitForLogin(job: JobRecord): Promise<void> {
    const waiting = await jobs.transition(job.id, AT_PROVIDER, 'waiting_login', { transientFailures: 0 });
    if (!waiting) return;
    await refreshCard(waiting);
    const attempt = waiting.history.filter((entry) => entry.state === 'waiting_login').length;
    await senderFor(ctx, waiting.chat).sendText(waiting.chat, NEEDS_LOGIN_TEXT, `job:${job.id}:login:${attempt}`);
  }

  /** Sends (or re-polls) the job under its one taskId. */
  async function submit(job: JobRecord): Promise<void> {
    const started = job.firstSubmittedAt;
    if (started !== undefined && ctx.now() - started > ctx.timing.reconcileAfterMs) {
      // The provider may have forgotten this taskId: a plain resubmit could issue a second invoice.
      const found = await findIssuedInvoice(ctx, job);
      if (found) return markIssued(job, found);
      job = await jobs.update(job.id, { firstSubmittedAt: ctx.now() });
    }
    job = await jobs.update(job.id, {
      submitAttempts: job.submitAttempts + 1,
      firstSubmittedAt: job.firstSubmittedAt ?? ctx.now(),
    });
    let outcome;
    try {
      outcome = await ctx.provider.issueBlue(ctx.account, job.taskId, job.draft!);
    } catch (error) {
      return onProviderError(job, error);
    }
    if (job.transientFailures) job = await jobs.update(job.id, { transientFailures: 0 });
    switch (outcome.status) {
      case 'issued':
        return markIssued(job, outcome.invoice);
      case 'in_progress': {
        let polling: JobRecord | undefined = job;
        if (job.state !== 'in_progress') {
          polling = await jobs.transition(job.id, AT_PROVIDER, 'in_progress', { transientFailures: 0 });
          if (!polling) return;
          await refreshCard(polling);
        }
        // Every submit counts as a poll: the delay grows with them, up to the ceiling.
        return scheduleAgain(polling, backoffDelay(ctx.timing.jobPoll, polling.submitAttempts - 1));
      }
      case 'needs_face_auth':
        return waitForFaceAuth(job);
      case 'needs_login':
        return waitForLogin(job);
    }
  }

  /** Sent again after a crash, the same key makes the platform return the card it already posted. */
  async function postPreview(job: JobRecord): Promise<JobRecord> {
    const sent = await senderFor(ctx, job.chat).sendCard(job.chat, renderJobCard(job), `job:${job.id}:preview`);
    return jobs.update(job.id, { previewMessageId: sent.messageId, cardShown: cardDigest(job) });
  }

  async function step(jobId: string): Promise<void> {
    let job = jobs.get(jobId);
    if (!job || job.type !== 'blue') return;
    if (job.state === 'confirmed') {
      const submitting = await jobs.transition(jobId, ['confirmed'], 'submitting');
      if (!submitting) return;
      await refreshCard(submitting);
      job = submitting;
    }
    if (AT_PROVIDER.includes(job.state)) return submit(job);
    if (job.state === 'issued') return deliver(job);
  }

  return {
    async preview({ requestId, chat, user, draft, warnings }) {
      await rememberChat(ctx, chat);
      // Cards show people by name (the footer's 申请人), looked up before the job exists.
      const requester = await ctx.names.named(chat.platform, user);
      const id = jobIdFor(requestId);
      const job =
        jobs.get(id) ??
        (await jobs.create(
          {
            id,
            type: 'blue',
            chat,
            requester,
            accountKey: ctx.accountKey,
            draft,
            warnings,
            taskId: randomUUID().replaceAll('-', ''),
          },
          user.id,
        ));
      return job.previewMessageId ? job : postPreview(job);
    },

    async confirm(click) {
      const access = accessJobOfType(jobs, click, 'blue');
      if (!access.ok) return access.answer;
      const { job } = access;
      const { user } = click;
      const confirmed = await jobs.transition(job.id, ['preview'], 'confirmed', { approvedBy: user }, user.id);
      if (!confirmed) {
        // Not in preview (any more): answer by what the job is now, not as if it were being issued.
        const now = jobs.get(job.id) ?? job;
        return { toast: alreadyDecidedToast(now), card: renderJobCard(now) };
      }
      logger.info({ job: job.id, by: user.id }, 'job confirmed');
      scheduleAgain(confirmed, 0);
      return { toast: { type: 'success', text: '已确认，正在开具' }, card: renderJobCard(confirmed) };
    },

    async cancel(click) {
      const access = accessJobOfType(jobs, click, 'blue');
      if (!access.ok) return access.answer;
      const { job } = access;
      const cancelled = await jobs.transition(job.id, ['preview', 'awaiting_approval'], 'cancelled', {}, click.user.id);
      if (!cancelled) return { toast: { type: 'info', text: '已经开始开具，不能取消' }, card: renderJobCard(job) };
      return { toast: { type: 'info', text: '已取消' }, card: renderJobCard(cancelled) };
    },

    advance,

    async resumeWaiting(state) {
      for (const job of jobs.inStates([state]).filter((candidate) => candidate.type === 'blue')) {
        const resumed = await jobs.transition(job.id, [state], 'submitting');
        if (resumed) scheduleAgain(resumed, 0);
      }
    },

    resumeAll() {
      for (const job of jobs.inStates(RESUMABLE).filter((candidate) => candidate.type === 'blue')) scheduleAgain(job, 0);
      for (const job of jobs.inStates(['preview'])) {
        if (job.type === 'blue' && !job.previewMessageId) {
          ctx.scheduler.schedule(`preview:${job.id}`, 0, async () => void (await postPreview(job)));
        }
      }
      cards.resume();
    },

    unfinished(chatId) {
      return jobs.inStates(UNFINISHED).filter((job) => job.type === 'blue' && (!chatId || job.chat.chatId === chatId));
    },
  };
}

/** A job's id: derived from the request, so the same request always names the same job. */
function jobIdFor(requestId: string): string {
  return createHash('sha256').update(requestId).digest('hex').slice(0, 12);
}
