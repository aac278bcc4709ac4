/**
 * The red-invoice (红冲) workflow. A red job is a persisted state machine like a blue one:
 *   preview → confirmed → submitting → issued → delivered
 *                                    ↘ in_progress (a uuid to poll, or an answer without one: look it up)
 *                                    ↘ awaiting_buyer (02: a watcher checks the confirmation until it ends)
 *                                    ↘ awaiting_our_confirmation → confirming (确认开具) | declining (撤销)
 * A buyer's confirmation from 确认单 starts at awaiting_our_confirmation (同意并开具 / 拒绝).
 *
 * Neither red-invoice/submit nor red-confirmation/confirm is idempotent on the wire. So each writes its state and a
 * call count before the call, and a job found in that state with calls behind it (a crash, a lost answer) first
 * finds out what the earlier call did — the red list and the confirmations for a submit, the confirmation's state
 * for a confirm — and calls again only when it did nothing. One request, at most one red invoice.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  ProviderError,
  ProviderErrorCode,
  type Confirmation,
  type ConfirmationState,
  type IssuedInvoice,
  type RedOutcome,
} from '../api/provider.js';
import type { ActionAnswer, ChatRef, UserRef } from '../bot/platform.js';
import type { JobRecord, JobState, RefundDetails } from '../store/jobs.js';
import { senderFor, type FlowContext } from './context.js';
import { accessJobOfType, type JobClick } from './job-access.js';
import { cardDigest, createJobCardSync } from './job-card-sync.js';
import { renderJobCard } from './job-card.js';
import { createJobRunner } from './job-runner.js';
import { providerErrorText } from './provider-error-text.js';
import { rememberChat } from './home-chat.js';
import { findLostRefund } from './refund-reconcile.js';
import {
  awaitingBuyerText,
  awaitingUsText,
  redDeclinedText,
  redDeliveredText,
  redFailedText,
  redStillTryingText,
  redTooLateText,
  VOID_CONFIRMATION_TEXT,
  VOID_STATES,
} from './refund-texts.js';
import { backoffDelay } from './scheduler.js';

/** States a restart picks up by itself (the waiting ones resume on their own events). */
const RESUMABLE: readonly JobState[] = ['confirmed', 'submitting', 'in_progress', 'awaiting_buyer', 'confirming', 'declining', 'issued'];
const UNFINISHED: readonly JobState[] = [...RESUMABLE, 'preview', 'awaiting_approval', 'awaiting_our_confirmation', 'waiting_face_auth', 'waiting_login'];
/** Where a provider answer can find the job: every state between the click and the end. */
const IN_FLIGHT: readonly JobState[] = ['submitting', 'in_progress', 'awaiting_buyer', 'confirming', 'declining'];
/** How often a chat hears that a refund is still being retried. */
const STILL_TRYING_EVERY_MS = 3600_000;

export interface RefundRequest {
  /** The delivery that asked for it: the same request (a replay after a crash) finds the same job. */
  requestId: string;
  chat: ChatRef;
  user: UserRef;
  details: RefundDetails;
}

export interface RefundFlow {
  /** Saves a new red job and posts its preview card; asked again for the same request, posts nothing new. */
  preview(request: RefundRequest): Promise<JobRecord>;
  /** 确认红冲: submits once, however often it is clicked. */
  confirm(click: JobClick): Promise<ActionAnswer>;
  cancel(click: JobClick): Promise<ActionAnswer>;
  /** 确认开具 / 同意并开具 on a confirmation waiting for this side. */
  agree(click: JobClick): Promise<ActionAnswer>;
  /** 撤销 / 拒绝 on a confirmation waiting for this side. */
  decline(click: JobClick): Promise<ActionAnswer>;
  /** A confirmation the buyer entered: its job (one per uuid), with a card posted into `chat` the first time. */
  offerIncoming(confirmation: Confirmation, chat: ChatRef): Promise<JobRecord>;
  /** The job that holds a confirmation, if any. */
  jobOfConfirmation(uuid: string): JobRecord | undefined;
  advance(jobId: string): Promise<void>;
  resumeWaiting(state: 'waiting_face_auth' | 'waiting_login'): Promise<void>;
  resumeAll(): void;
  unfinished(chatId?: string): JobRecord[];
}

export interface RefundFlowHooks {
  /** The bureau wants a face scan: post a QR into this chat unless one is already waiting. */
  needFaceAuth(chat: ChatRef, jobId: string): Promise<void>;
}

export function createRefundFlow(ctx: FlowContext, hooks: RefundFlowHooks): RefundFlow {
  const { jobs, logger } = ctx;
  const cards = createJobCardSync(ctx);
  const runner = createJobRunner(ctx, step, RESUMABLE);

  const say = (job: JobRecord, text: string, key: string) => senderFor(ctx, job.chat).sendText(job.chat, text, `job:${job.id}:${key}`);

  async function moved(job: JobRecord | undefined): Promise<JobRecord | undefined> {
    if (job) await cards.show(job.id);
    return job;
  }

  async function fail(job: JobRecord, failure: string): Promise<void> {
    const failed = await moved(await jobs.transition(job.id, UNFINISHED, 'failed', { failure }));
    if (!failed) return;
    logger.warn({ job: job.id, failure }, 'refund failed');
    await say(failed, redFailedText(failed), 'failed');
  }

  async function markIssued(job: JobRecord, invoice: IssuedInvoice): Promise<void> {
    const issued = await jobs.transition(job.id, IN_FLIGHT, 'issued', {
      invoice: { ...invoice, blueNumber: job.red!.blueNumber },
      confirmationUuid: invoice.confirmationUuid ?? job.confirmationUuid,
      transientFailures: 0,
    });
    if (issued) await deliver(issued);
  }

  async function deliver(job: JobRecord): Promise<void> {
    const invoice = job.invoice!;
    if (!job.downloadUrl) {
      try {
        job = await jobs.update(job.id, { downloadUrl: await ctx.provider.downloadUrl(ctx.account, invoice.number, invoice.issuedAt) });
      } catch (error) {
        // The red invoice exists; a missing link must not hold back the number. 下载 fetches it later.
        logger.warn({ err: error, job: job.id }, 'download link of the red invoice not available');
      }
    }
    await say(job, redDeliveredText(job), 'delivered');
    await moved(await jobs.transition(job.id, ['issued'], 'delivered'));
    logger.info({ job: job.id, invoice: invoice.number }, 'red invoice delivered');
  }

  /** Waits in `state` and comes back after the poll delay; the count of checks in this state sets the delay. */
  async function pollLater(job: JobRecord, state: 'in_progress' | 'awaiting_buyer', patch: Partial<JobRecord> = {}): Promise<void> {
    const entering = job.state !== state;
    const polls = entering ? 0 : (job.polls ?? 0) + 1;
    const next = entering
      ? await moved(await jobs.transition(job.id, IN_FLIGHT, state, { ...patch, polls, transientFailures: 0 }))
      : await jobs.update(job.id, { ...patch, polls, transientFailures: 0 });
    if (!next) return;
    if (entering && state === 'awaiting_buyer') await say(next, awaitingBuyerText(next), 'awaiting-buyer');
    const backoff = state === 'awaiting_buyer' ? ctx.timing.confirmationWatch : ctx.timing.jobPoll;
    runner.scheduleAgain(next.id, backoffDelay(backoff, polls));
  }

  async function awaitUs(job: JobRecord, uuid: string): Promise<void> {
    const waiting = await moved(
      await jobs.transition(job.id, IN_FLIGHT, 'awaiting_our_confirmation', { confirmationUuid: uuid, confirmationCalls: 0, transientFailures: 0 }),
    );
    if (waiting) await say(waiting, awaitingUsText(waiting), `awaiting-us:${uuid}`);
  }

  /** What any red answer means for the job, whichever call it came from. */
  async function apply(job: JobRecord, outcome: RedOutcome): Promise<void> {
    switch (outcome.status) {
      case 'issued':
        return markIssued(job, outcome.invoice);
      case 'issued_unknown':
        // Issued, the answer says, but not which invoice: find it before telling the chat anything.
        return pollLater(job, 'in_progress', { confirmationUuid: undefined });
      case 'in_progress':
        return pollLater(job, 'in_progress', outcome.uuid ? { confirmationUuid: outcome.uuid } : {});
      case 'awaiting_confirmation':
        return applyConfirmationState(job, outcome.uuid, outcome.state);
      case 'needs_face_auth':
        return waitFor(job, 'waiting_face_auth');
      case 'needs_login':
        return waitFor(job, 'waiting_login');
    }
  }

  async function applyConfirmationState(job: JobRecord, uuid: string, state: ConfirmationState): Promise<void> {
    if (VOID_STATES.includes(state)) {
      if (job.state === 'declining') return declined(job);
      return fail(job, VOID_CONFIRMATION_TEXT[state] ?? `红字确认单已作废（${state}）`);
    }
    if (state === '02') return pollLater(job, 'awaiting_buyer', { confirmationUuid: uuid });
    if (state === '04' || (state === '01' && job.state === 'confirming')) {
      return pollLater(job, 'in_progress', { confirmationUuid: uuid });
    }
    if (job.state === 'awaiting_buyer' && state === '03') return pollLater(job, 'awaiting_buyer');
    return awaitUs(job, uuid);
  }

  async function declined(job: JobRecord): Promise<void> {
    const cancelled = await moved(await jobs.transition(job.id, ['declining'], 'cancelled', { transientFailures: 0 }));
    if (cancelled) await say(cancelled, redDeclinedText(cancelled), 'declined');
  }

  async function waitFor(job: JobRecord, state: 'waiting_face_auth' | 'waiting_login'): Promise<void> {
    const waiting = await moved(await jobs.transition(job.id, IN_FLIGHT, state, { transientFailures: 0 }));
    if (!waiting) return;
    if (state === 'waiting_face_auth') return hooks.needFaceAuth(waiting.chat, waiting.id);
    const attempt = waiting.history.filter((entry) => entry.state === 'waiting_login').length;
    await say(waiting, '税局登录已失效，红冲暂停。请发送「登录」，登录成功后会自动继续。', `login:${attempt}`);
  }

  /**
   * A failed call. Login and face auth were refused before anything happened; a refusal of the bureau ends the job
   * with its text as it is; anything else may or may not have happened, so the next step finds out before acting.
   */
  async function onError(job: JobRecord, error: unknown): Promise<void> {
    if (error instanceof ProviderError && error.code === ProviderErrorCode.LoginRequired) return waitFor(job, 'waiting_login');
    if (error instanceof ProviderError && error.code === ProviderErrorCode.FaceAuthRequired) return waitFor(job, 'waiting_face_auth');
    const transient = !(error instanceof ProviderError) || error.retryable;
    if (!transient) return fail(job, providerErrorText(error));
    const failures = (job.transientFailures ?? 0) + 1;
    job = await jobs.update(job.id, { transientFailures: failures });
    logger.warn({ err: error, job: job.id, failures }, 'refund call failed; will find out what it did before trying again');
    if (failures >= ctx.timing.stillTryingAfterFailures) {
      const told = job.stillTryingToldAt;
      if (told === undefined || ctx.now() - told >= STILL_TRYING_EVERY_MS) {
        const at = ctx.now();
        job = await jobs.update(job.id, { stillTryingToldAt: at });
        await say(job, redStillTryingText(job), `still-trying:${at}`);
      }
    }
    runner.scheduleAgain(job.id, backoffDelay(ctx.timing.jobRetry, failures - 1));
  }

  async function submit(job: JobRecord): Promise<void> {
    if (job.submitAttempts > 0) {
      // An earlier submit may have reached the bureau: adopt what it did rather than submit a second time.
      const lost = await findLostRefund(ctx, job);
      if (lost?.kind === 'issued') return markIssued(job, lost.invoice);
      if (lost?.kind === 'confirmation') return applyConfirmationState(job, lost.confirmation.uuid, lost.confirmation.state);
    }
    job = await jobs.update(job.id, { submitAttempts: job.submitAttempts + 1, firstSubmittedAt: job.firstSubmittedAt ?? ctx.now() });
    let outcome: RedOutcome;
    try {
      outcome = await ctx.provider.submitRed(ctx.account, job.red!);
    } catch (error) {
      return onError(job, error);
    }
    return apply(job, outcome);
  }

  /** in_progress: poll the result by uuid, or — after an answer that named no invoice — look it up. */
  async function poll(job: JobRecord): Promise<void> {
    const uuid = job.confirmationUuid;
    if (!uuid) {
      const lost = await findLostRefund(ctx, job);
      if (lost?.kind === 'issued') return markIssued(job, lost.invoice);
      if (lost?.kind === 'confirmation' && lost.confirmation.state !== '01' && lost.confirmation.state !== '04') {
        return applyConfirmationState(job, lost.confirmation.uuid, lost.confirmation.state);
      }
      return pollLater(job, 'in_progress');
    }
    try {
      return await apply(job, await ctx.provider.redResult(ctx.account, uuid));
    } catch (error) {
      if (error instanceof ProviderError && error.code === ProviderErrorCode.BureauRefused) return watch(job);
      return onError(job, error);
    }
  }

  /** awaiting_buyer (or a refused result): the confirmation's state decides. */
  async function watch(job: JobRecord): Promise<void> {
    let confirmation: Confirmation;
    try {
      confirmation = await ctx.provider.confirmationDetail(ctx.account, job.confirmationUuid!);
    } catch (error) {
      return onError(job, error);
    }
    return applyConfirmationState(job, confirmation.uuid, confirmation.state);
  }

  /** confirming / declining: one call, unless an earlier one may have landed; then its confirmation says. */
  async function act(job: JobRecord): Promise<void> {
    const uuid = job.confirmationUuid!;
    const agreeing = job.state === 'confirming';
    if ((job.confirmationCalls ?? 0) > 0) {
      let confirmation: Confirmation;
      try {
        confirmation = await ctx.provider.confirmationDetail(ctx.account, uuid);
      } catch (error) {
        return onError(job, error);
      }
      const stillWaiting = confirmation.state === '03' || (confirmation.state === '01' && job.red!.enteredBy === 'seller');
      if (!stillWaiting) return applyConfirmationState(job, uuid, confirmation.state);
    }
    job = await jobs.update(job.id, { confirmationCalls: (job.confirmationCalls ?? 0) + 1 });
    const action = agreeing ? 'agree' : job.red!.enteredBy === 'buyer' ? 'reject' : 'cancel';
    try {
      return await apply(job, await ctx.provider.actOnConfirmation(ctx.account, uuid, action));
    } catch (error) {
      return onError(job, error);
    }
  }

  async function step(jobId: string): Promise<void> {
    let job = jobs.get(jobId);
    if (!job || job.type !== 'red') return;
    if (job.state === 'confirmed') {
      const submitting = await moved(await jobs.transition(jobId, ['confirmed'], 'submitting'));
      if (!submitting) return;
      job = submitting;
    }
    switch (job.state) {
      case 'submitting':
        return submit(job);
      case 'in_progress':
        return poll(job);
      case 'awaiting_buyer':
        return watch(job);
      case 'confirming':
      case 'declining':
        return act(job);
      case 'issued':
        return deliver(job);
      default:
        return undefined;
    }
  }

  async function postCard(job: JobRecord): Promise<JobRecord> {
    const sent = await senderFor(ctx, job.chat).sendCard(job.chat, renderJobCard(job), `job:${job.id}:preview`);
    return jobs.update(job.id, { previewMessageId: sent.messageId, cardShown: cardDigest(job) });
  }

  /** A click that moves the job from `from` to `to` once; later clicks hear where it stands. */
  async function clickMoves(click: JobClick, from: JobState, to: JobState, done: string, late: string): Promise<ActionAnswer> {
    const access = accessJobOfType(jobs, click, 'red');
    if (!access.ok) return access.answer;
    const { job } = access;
    const next = await jobs.transition(job.id, [from], to, {}, click.user.id);
    if (!next) {
      const now = jobs.get(job.id) ?? job;
      const text = now.state === 'cancelled' && to === 'cancelled' ? done : redTooLateText(now, late);
      return { toast: { type: 'info', text }, card: renderJobCard(now) };
    }
    logger.info({ job: job.id, by: click.user.id, to }, 'refund clicked');
    if (RESUMABLE.includes(to)) runner.scheduleAgain(next.id, 0);
    return { toast: { type: to === 'cancelled' ? 'info' : 'success', text: done }, card: renderJobCard(next) };
  }

  return {
    async preview({ requestId, chat, user, details }) {
      await rememberChat(ctx, chat);
      const requester = await ctx.names.named(chat.platform, user);
      const id = jobIdFor(`refund:${requestId}`);
      const job =
        jobs.get(id) ??
        (await jobs.create(
          { id, type: 'red', chat, requester, accountKey: ctx.accountKey, red: details, taskId: randomUUID().replaceAll('-', '') },
          user.id,
        ));
      return job.previewMessageId ? job : postCard(job);
    },

    confirm: (click) => clickMoves(click, 'preview', 'confirmed', '已确认，正在提交红冲', '这张红冲已在处理，不会重复提交'),
    cancel: (click) => clickMoves(click, 'preview', 'cancelled', '已取消', '已经开始红冲，不能取消'),
    agree: (click) => clickMoves(click, 'awaiting_our_confirmation', 'confirming', '已确认，正在开具红字发票', '这张确认单已在处理，不会重复开具'),
    decline: (click) => clickMoves(click, 'awaiting_our_confirmation', 'declining', '正在处理', '这张确认单已在处理'),

    async offerIncoming(confirmation, chat) {
      const id = jobIdFor(`confirmation:${confirmation.uuid}`);
      let job = jobs.get(id);
      if (!job) {
        const refundFen = Math.abs(confirmation.grossFen ?? 0);
        job = await jobs.create({
          id,
          state: 'awaiting_our_confirmation',
          type: 'red',
          chat,
          requester: { id: 'buyer', name: confirmation.buyerName ?? '购方' },
          accountKey: ctx.accountKey,
          red: {
            blueNumber: confirmation.blueNumber ?? '',
            blueIssuedAt: '',
            reason: confirmation.reason ?? '01',
            enteredBy: 'buyer',
            refundFen,
            buyerName: confirmation.buyerName,
            buyerTaxId: confirmation.buyerTaxId,
          },
          taskId: randomUUID().replaceAll('-', ''),
          confirmationUuid: confirmation.uuid,
          confirmationCalls: 0,
        });
      }
      return job.previewMessageId ? job : postCard(job);
    },

    jobOfConfirmation: (uuid) => jobs.get(jobIdFor(`confirmation:${uuid}`)) ?? jobs.all().find((job) => job.confirmationUuid === uuid),

    advance: runner.advance,

    async resumeWaiting(state) {
      for (const job of jobs.inStates([state]).filter((candidate) => candidate.type === 'red')) {
        // Back to the call the bureau refused (a submit, a poll, a confirm): it had done nothing, and each of them
        // checks what earlier calls did before it calls again.
        const resumed = await jobs.transition(job.id, [state], stateBeforeWaiting(job));
        if (resumed) runner.scheduleAgain(resumed.id, 0);
      }
    },

    resumeAll() {
      for (const job of jobs.inStates(RESUMABLE).filter((candidate) => candidate.type === 'red')) runner.scheduleAgain(job.id, 0);
      for (const job of jobs.inStates(['preview', 'awaiting_our_confirmation'])) {
        if (job.type === 'red' && !job.previewMessageId) {
          ctx.scheduler.schedule(`preview:${job.id}`, 0, async () => void (await postCard(job)));
        }
      }
    },

    unfinished: (chatId) => jobs.inStates(UNFINISHED).filter((job) => job.type === 'red' && (!chatId || job.chat.chatId === chatId)),
  };
}

/** The state a job was in when the bureau asked for a login or a face scan. */
function stateBeforeWaiting(job: JobRecord): JobState {
  const before = [...job.history].reverse().find((entry) => entry.state !== job.state && IN_FLIGHT.includes(entry.state));
  return before?.state ?? 'submitting';
}

function jobIdFor(requestId: string): string {
  return createHash('sha256').update(requestId).digest('hex').slice(0, 12);
}
