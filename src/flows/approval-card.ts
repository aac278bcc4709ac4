/**
 * The approval card: what a 确认 by someone who is not an approver asks an approver to decide — the requester, what
 * would be issued (buyer, lines, amounts; for a refund the blue invoice, the amount and the reason) — with 同意 and
 * 驳回 in one form whose optional input is 驳回's reason. Rendered from the job alone; once decided it says who
 * decided and why, and has no buttons.
 */
import { paragraphs } from '../bot/card-text.js';
import type { Card, CardField, CardState, CardText } from '../bot/platform.js';
import { displayName } from '../bot/user-names.js';
import { formatChinaMinute } from '../china-time.js';
import type { JobRecord } from '../store/jobs.js';
import { draftFields, draftLinesText } from './job-card.js';
import { refundFields, refundLinesText } from './refund-card.js';

export const APPROVE_OP = 'approval_approve';
export const REJECT_OP = 'approval_reject';
export const APPROVAL_FORM = 'approval_form';
/** The form input that carries 驳回's reason. */
export const REASON_INPUT = 'reason';

function look(job: JobRecord): { title: string; state: CardState } {
  const what = job.type === 'red' ? '红冲审批' : '开票审批';
  const decision = job.approval?.decision;
  if (decision === 'approved') return { title: `${what} · 已同意`, state: 'success' };
  if (decision === 'rejected') return { title: `${what} · 已驳回`, state: 'neutral' };
  if (job.state !== 'awaiting_approval') return { title: `${what} · 已取消`, state: 'neutral' };
  return { title: `${what} · 待审批`, state: 'pending' };
}

function fields(job: JobRecord): CardField[] {
  const approval = job.approval!;
  const who: CardField[] = [{ label: '申请人', value: displayName(approval.requestedBy) }];
  // Someone else typed the request than the one who confirmed it: both are named.
  if (job.requester.id !== approval.requestedBy.id) who.push({ label: '发起人', value: displayName(job.requester) });
  return [...who, ...(job.type === 'red' ? refundFields(job) : draftFields(job.draft!))];
}

function outcome(job: JobRecord): CardText {
  const approval = job.approval!;
  if (approval.decision === 'approved') return [`✅ ${displayName(approval.decidedBy!)} 已同意，申请继续办理。`];
  if (approval.decision === 'rejected') {
    const reason = approval.reason ? ['\n理由：', approval.reason] : [];
    return [`❌ ${displayName(approval.decidedBy!)} 已驳回，未提交税局。`, ...reason];
  }
  if (job.state !== 'awaiting_approval') return ['申请已取消，无需审批。'];
  // Whether and how 驳回 takes a reason is the platform's to show (an input box, a typed hint, or none).
  return ['请核对后点「同意」或「驳回」。申请人本人不能审批。'];
}

export function renderApprovalCard(job: JobRecord): Card {
  const approval = job.approval!;
  const { title, state } = look(job);
  const lines = job.type === 'red' ? refundLinesText(job) : draftLinesText(job.draft!);
  const warnings = job.warnings.length > 0 ? [job.warnings.map((warning) => `⚠️ ${warning}`).join('\n')] : undefined;
  const card: Card = {
    title,
    state,
    fields: fields(job),
    body: paragraphs(lines, warnings, outcome(job)),
    note: `单号 ${job.id} · 申请于 ${formatChinaMinute(approval.requestedAt)}`,
  };
  if (job.state === 'awaiting_approval' && !approval.decision) {
    const value = (op: string) => ({ op, job: job.id });
    card.form = {
      name: APPROVAL_FORM,
      inputs: [{ name: REASON_INPUT, label: '驳回理由', placeholder: '可不填' }],
      submit: { text: '同意', style: 'primary', value: value(APPROVE_OP) },
      extraButtons: [{ text: '驳回', style: 'danger', value: value(REJECT_OP) }],
    };
  }
  return card;
}
