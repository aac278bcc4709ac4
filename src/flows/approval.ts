/**
 * Approvals. With approvers configured, a 确认开具 / 确认红冲 by someone who is not one does not start the job: the
 * job waits (`preview → awaiting_approval`), its card says so, and an approval card with 同意 and 驳回 goes to the
 * chat. An approver other than the requester decides, once: the decision is the job's compare-and-set transition
 * (`awaiting_approval → confirmed`, or `→ cancelled` with the rejection), so two approvers clicking together make one
 * decision and the later click hears who made it. After 同意 the job runs exactly as after a direct 确认; after 驳回
 * nothing reaches the provider and the requester is told. An approver's own 确认 needs no approval (contract.md).
 *
 * Each step is written before it acts and picked up again on start: an approval card not yet posted is posted (its
 * idempotency key makes a repeated post return the first message), a card that does not show its job's state is
 * updated, and a rejection not yet told is told.
 */
import type { ActionAnswer } from '../bot/platform.js';
import { checkUserText } from '../invoice/user-text.js';
import type { JobApproval, JobRecord, JobState } from '../store/jobs.js';
import { renderApprovalCard } from './approval-card.js';
import {
  approvedToast,
  CANCELLED_TOAST,
  decidedToast,
  MAX_REASON_LENGTH,
  NOT_WAITING_TOAST,
  notApproverToast,
  OWN_REQUEST_TOAST,
  REASON_CONTROL_TOAST,
  REASON_TOO_LONG_TOAST,
  rejectedText,
  REJECTED_TOAST,
  requestedToast,
} from './approval-texts.js';
import { approverNames } from './approver-names.js';
import { senderFor, type FlowContext } from './context.js';
import { accessJob, type JobClick } from './job-access.js';
import { createJobCardSync, digestOf, type JobCardView } from './job-card-sync.js';
import { renderJobCard } from './job-card.js';
import { backoffDelay } from './scheduler.js';

export interface ApprovalFlow {
  /** 确认 on a job of `type`: asks for approval when the clicker needs it, else hands the click to `confirm`. */
  gate(click: JobClick, type: JobRecord['type'], confirm: (click: JobClick) => Promise<ActionAnswer>): Promise<ActionAnswer>;
  /** 同意并开具 on a buyer's confirmation: it issues a red invoice, so it asks for approval like 确认 does. */
  gateAgree(click: JobClick, agree: (click: JobClick) => Promise<ActionAnswer>): Promise<ActionAnswer>;
  /** 同意 on the approval card. */
  approve(click: JobClick): Promise<ActionAnswer>;
  /** 驳回 on the approval card, with the form's reason (blank = none). */
  reject(click: JobClick, reason: string | undefined): Promise<ActionAnswer>;
  /** The job changed outside the approval (取消 while waiting): its approval card follows, in the background. */
  refresh(jobId: string): void;
  /** On start: approval cards to post or update, rejections to tell. */
  resume(): void;
}

export interface ApprovalHooks {
  /** An approver said 同意 and the job is `confirmed`: run it. */
  proceed(job: JobRecord): void;
}

/** The approval card as a card of the job, kept up to date like the job's own card. */
const APPROVAL_CARD: JobCardView = {
  key: 'approval-card',
  messageId: (job) => job.approval?.cardMessageId,
  render: renderApprovalCard,
  shown: (job) => job.approval?.cardShown,
  markShown: (job, digest) => ({ approval: { ...job.approval!, cardShown: digest } }),
  moved: (job, cardMessageId) => ({ approval: { ...job.approval!, cardMessageId } }),
};

const PATIENT = { patient: true };
/** A step that fails this often (about a day at the retry ceiling) is left for the next start. */
const MAX_ATTEMPTS = 150;

type Decision = NonNullable<JobApproval['decision']>;

export function createApprovalFlow(ctx: FlowContext, hooks: ApprovalHooks): ApprovalFlow {
  const { jobs, logger, approvers, names } = ctx;
  const approvalCards = createJobCardSync(ctx, APPROVAL_CARD);
  const jobCards = createJobCardSync(ctx);
  const attempts = new Map<string, number>();

  const needsApproval = (userId: string) => approvers.ids().length > 0 && !approvers.includes(userId);
  const info = (text: string): ActionAnswer => ({ toast: { type: 'info', text } });
  const refused = (text: string): ActionAnswer => ({ toast: { type: 'error', text } });

  /**
   * Background steps run through the scheduler (stopping the bot waits for them), one timer per step and job, and
   * are retried with backoff when they throw (the chat platform refused or was away).
   */
  function inBackground(step: 'post' | 'follow-up' | 'refresh', jobId: string, task: (jobId: string) => Promise<void>, delayMs = 0): void {
    const key = `approval-${step}:${jobId}`;
    ctx.scheduler.schedule(key, delayMs, async () => {
      try {
        await task(jobId);
        attempts.delete(key);
      } catch (error) {
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        if (attempt >= MAX_ATTEMPTS) {
          logger.error({ err: error, job: jobId, step, attempt }, 'giving up an approval step until the next start');
          return;
        }
        logger.warn({ err: error, job: jobId, step, attempt }, 'approval step failed; will retry');
        inBackground(step, jobId, task, backoffDelay(ctx.timing.jobRetry, attempt - 1));
      }
    });
  }

  /** Names first (the card is rendered from the job alone), then the card, then its message id. */
  async function postCard(jobId: string): Promise<void> {
    const waiting = (job: JobRecord | undefined): job is JobRecord & { approval: JobApproval } =>
      job?.state === 'awaiting_approval' && job.approval !== undefined && !job.approval.cardMessageId;
    const before = jobs.get(jobId);
    if (!waiting(before)) return;
    const { platform } = before.chat;
    const requestedBy = await names.named(platform, before.approval.requestedBy, PATIENT);
    const requester = await names.named(platform, before.requester, PATIENT);
    // Looked up now so that a decision's toast and card find the approvers' names at hand.
    await approverNames(ctx, platform, PATIENT);
    const current = jobs.get(jobId);
    if (!waiting(current)) return;
    const job = await jobs.update(jobId, { requester, approval: { ...current.approval, requestedBy } });
    const card = renderApprovalCard(job);
    // One key per request: a buyer's confirmation asked again after a 驳回 gets a card of its own.
    const sent = await senderFor(ctx, job.chat).sendCard(job.chat, card, `job:${jobId}:approval:${job.approval!.requestedAt}`);
    const posted = jobs.get(jobId)!;
    await jobs.update(jobId, { approval: { ...posted.approval!, cardMessageId: sent.messageId, cardShown: digestOf(card) } });
    logger.info({ job: jobId, message: sent.messageId }, 'approval card posted');
    await approvalCards.show(jobId);
    await jobCards.show(jobId);
  }

  /** After a decision: both cards follow; a rejection is told to the requester, once. */
  async function followUp(jobId: string): Promise<void> {
    await approvalCards.show(jobId);
    await jobCards.show(jobId);
    const job = jobs.get(jobId);
    if (job?.approval?.decision !== 'rejected' || job.approval.requesterTold) return;
    await senderFor(ctx, job.chat).sendText(job.chat, rejectedText(job), `job:${jobId}:rejected:${job.approval.requestedAt}`);
    const told = jobs.get(jobId)!;
    await jobs.update(jobId, { approval: { ...told.approval!, requesterTold: true } });
  }

  /** Why a decision cannot be made on this job now, or nothing when it waits for one. */
  function closed(job: JobRecord): ActionAnswer | undefined {
    if (job.approval?.decision) return info(decidedToast(job));
    if (job.state === 'cancelled') return info(CANCELLED_TOAST);
    if (job.state !== 'awaiting_approval') return info(NOT_WAITING_TOAST);
    return undefined;
  }

  /** Moves the job to waiting for approval and posts the approval card; undefined when the job moved meanwhile. */
  async function ask(click: JobClick, job: JobRecord, from: JobState, asked: JobApproval['asked']): Promise<ActionAnswer | undefined> {
    // Named before the answer's card is drawn: the clicker's client shows that card, whatever updates came first.
    const requestedBy = await names.named(job.chat.platform, click.user);
    const approval: JobApproval = { requestedBy, requestedAt: ctx.now(), asked };
    const waiting = await jobs.transition(job.id, [from], 'awaiting_approval', { approval }, click.user.id);
    if (!waiting) return undefined;
    logger.info({ job: job.id, by: click.user.id, asked }, 'approval requested');
    inBackground('post', job.id, postCard);
    return { toast: { type: 'success', text: requestedToast(waiting) }, card: renderJobCard(waiting) };
  }

  async function decide(click: JobClick, decision: Decision, reason?: string): Promise<ActionAnswer> {
    const access = accessJob(jobs, click, (job) => job.approval?.cardMessageId);
    if (!access.ok) return access.answer;
    const { job } = access;
    if (!job.approval) return refused(NOT_WAITING_TOAST);
    const early = closed(job);
    if (early) return early;
    if (click.user.id === job.approval.requestedBy.id) return refused(OWN_REQUEST_TOAST);
    const { platform } = job.chat;
    if (!approvers.includes(click.user.id)) return refused(notApproverToast(await approverNames(ctx, platform)));

    const decidedBy = await names.named(platform, click.user);
    // The lookup may have let another decision in: decide on the job as it stands now, in one synchronous step.
    const current = jobs.get(job.id)!;
    const late = closed(current);
    if (late) return late;
    const approval: JobApproval = { ...current.approval!, decision, decidedBy, decidedAt: ctx.now(), ...(reason ? { reason } : {}) };
    const approved = decision === 'approved';
    const agreeing = current.approval!.asked === 'agree';
    const decided = await jobs.transition(
      job.id,
      ['awaiting_approval'],
      approved ? (agreeing ? 'confirming' : 'confirmed') : agreeing ? 'awaiting_our_confirmation' : 'cancelled',
      approved ? { approval, approvedBy: decidedBy } : { approval },
      click.user.id,
    );
    if (!decided) return closed(jobs.get(job.id)!) ?? info(NOT_WAITING_TOAST);
    logger.info({ job: job.id, by: click.user.id, decision }, 'approval decided');
    if (approved) hooks.proceed(decided);
    inBackground('follow-up', job.id, followUp);
    return {
      toast: { type: 'success', text: approved ? approvedToast(decided) : REJECTED_TOAST },
      card: renderApprovalCard(decided),
    };
  }

  return {
    async gate(click, type, confirm) {
      if (!needsApproval(click.user.id)) return confirm(click);
      const access = accessJob(jobs, click);
      if (!access.ok) return access.answer;
      const { job } = access;
      // Anything but a preview of its own kind is answered as a direct 确认 would be (已在处理, 不属于这张卡片…).
      if (job.type !== type || job.state !== 'preview') return confirm(click);
      return (await ask(click, job, 'preview', 'confirm')) ?? confirm(click);
    },

    async gateAgree(click, agree) {
      if (!needsApproval(click.user.id)) return agree(click);
      const access = accessJob(jobs, click);
      if (!access.ok) return access.answer;
      const { job } = access;
      // This side's own confirmation was approved with its 确认红冲; only a buyer's is a new request.
      const buyers = job.type === 'red' && job.red?.enteredBy === 'buyer' && job.state === 'awaiting_our_confirmation';
      if (!buyers) return agree(click);
      return (await ask(click, job, 'awaiting_our_confirmation', 'agree')) ?? agree(click);
    },

    approve: (click) => decide(click, 'approved'),

    async reject(click, reason) {
      const checked = reason === undefined ? undefined : checkUserText(reason);
      if (checked?.ok === false && checked.problem === 'control') return refused(REASON_CONTROL_TOAST);
      const text = checked?.ok ? checked.text : undefined;
      if (text && [...text].length > MAX_REASON_LENGTH) return refused(REASON_TOO_LONG_TOAST);
      return decide(click, 'rejected', text);
    },

    refresh(jobId) {
      if (jobs.get(jobId)?.approval) inBackground('refresh', jobId, (id) => approvalCards.show(id));
    },

    resume() {
      const waiting = jobs.inStates(['awaiting_approval']);
      for (const job of waiting) {
        if (job.approval && !job.approval.cardMessageId) inBackground('post', job.id, postCard);
      }
      // A decision after a restart should find the approvers' names at hand, as one before it does.
      for (const platform of new Set(waiting.map((job) => job.chat.platform))) {
        ctx.scheduler.schedule(`approver-names:${platform}`, 0, async () => void (await approverNames(ctx, platform, PATIENT)));
      }
      for (const job of jobs.all()) {
        if (job.approval?.decision === 'rejected' && !job.approval.requesterTold) inBackground('follow-up', job.id, followUp);
      }
      approvalCards.resume();
    },
  };
}
