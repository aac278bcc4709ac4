/** What the approval step says — on the job's own card, to the requester, in toasts — apart from its logic. */
import type { CardState, CardText } from '../bot/platform.js';
import { displayName } from '../bot/user-names.js';
import { formatYuanForChat } from '../invoice/money.js';
import type { JobRecord } from '../store/jobs.js';

/** 驳回 reasons longer than this are refused: a card is no place for a letter. */
export const MAX_REASON_LENGTH = 200;

const request = (job: JobRecord) => (job.type === 'red' ? '红冲申请' : '开票申请');
const goesOn = (job: JobRecord) =>
  job.approval?.asked === 'agree' ? '开具红字发票' : job.type === 'red' ? '提交红冲' : '开具';

/** How the job's own card looks once an approver rejected it (the job is `cancelled`). */
export const REJECTED_LOOK: { title: string; state: CardState } = { title: '已驳回', state: 'neutral' };

/** The job's own card: where its approval stands (nothing for a job that needed none). */
export function approvalText(job: JobRecord): CardText | undefined {
  const approval = job.approval;
  if (!approval) return undefined;
  if (approval.decision === 'approved') return [`审批：${displayName(approval.decidedBy!)} 已同意`];
  if (approval.decision === 'rejected') {
    return [`审批：${displayName(approval.decidedBy!)} 已驳回`, ...(approval.reason ? ['\n理由：', approval.reason] : [])];
  }
  if (job.state !== 'awaiting_approval') return undefined;
  return [`${displayName(approval.requestedBy)} 已提交审批：审批人同意后自动${goesOn(job)}，驳回则不提交税局。`];
}

/** What the job is, in one line: its number and what it would issue. */
export function jobSummary(job: JobRecord): string {
  if (job.type === 'red') {
    const red = job.red!;
    return `单号 ${job.id} · 蓝字发票 ${red.blueNumber} · 本次红冲 ¥${formatYuanForChat(red.refundFen)}`;
  }
  const draft = job.draft!;
  return `单号 ${job.id} · 购方 ${draft.buyer.name} · 价税合计 ¥${formatYuanForChat(draft.grossFen)}`;
}

/** Posted into the chat for the requester after 驳回. */
export function rejectedText(job: JobRecord): string {
  const approval = job.approval!;
  return [
    `❌ ${displayName(approval.requestedBy)} 的${request(job)}已被 ${displayName(approval.decidedBy!)} 驳回，未提交税局。`,
    `理由：${approval.reason ?? '（未填写）'}`,
    jobSummary(job),
  ].join('\n');
}

export const requestedToast = (job: JobRecord) => `已提交审批，审批人同意后自动${goesOn(job)}`;
export const approvedToast = (job: JobRecord) => `已同意，正在${goesOn(job)}`;
export const REJECTED_TOAST = '已驳回，已通知申请人';

/** A later click on a decided approval: who decided it. */
export function decidedToast(job: JobRecord): string {
  const approval = job.approval!;
  return `已由 ${displayName(approval.decidedBy!)} ${approval.decision === 'approved' ? '同意' : '驳回'}`;
}

export const OWN_REQUEST_TOAST = '不能审批自己提交的申请，请由其他审批人处理';
export const CANCELLED_TOAST = '这张申请已取消，无需审批';
export const NOT_WAITING_TOAST = '这张申请已不在等待审批';

export function notApproverToast(approverNames: readonly string[]): string {
  return approverNames.length === 0
    ? '现在没有审批人，请管理员发送「审批人 添加 @某人」'
    : `只有审批人可以同意或驳回（审批人：${approverNames.join('、')}）`;
}

export const REASON_CONTROL_TOAST = '驳回理由不能包含控制字符或文字方向控制符';
export const REASON_TOO_LONG_TOAST = `驳回理由最多 ${MAX_REASON_LENGTH} 字`;
