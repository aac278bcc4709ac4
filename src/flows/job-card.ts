/**
 * The one card that shows a job: the preview card becomes, by updates, the progress and then the final card,
 * so a chat reads the state of a request in one place. Rendered from the job alone.
 */
import type { InvoiceDraft } from '../api/provider.js';
import { paragraphs } from '../bot/card-text.js';
import type { Card, CardButton, CardField, CardState, CardText } from '../bot/platform.js';
import { invoiceKindLabel } from '../invoice/invoice-kind.js';
import { formatYuanForChat } from '../invoice/money.js';
import { unitPriceOf } from '../invoice/quantity.js';
import { formatRate } from '../invoice/rate.js';
import type { JobRecord, JobState } from '../store/jobs.js';
import { approvalText, REJECTED_LOOK } from './approval-texts.js';
import { issuedInvoiceText } from './issued-invoice-text.js';
import { renderRefundCard } from './refund-card.js';

type RefundOnlyState = 'awaiting_buyer' | 'awaiting_our_confirmation' | 'confirming' | 'declining';

function isRefundOnly(state: JobState): state is RefundOnlyState {
  return state === 'awaiting_buyer' || state === 'awaiting_our_confirmation' || state === 'confirming' || state === 'declining';
}

interface StateLook {
  title: string;
  state: CardState;
}

const LOOK: Record<Exclude<JobState, RefundOnlyState>, StateLook> = {
  preview: { title: '开票预览 · 请确认', state: 'info' },
  awaiting_approval: { title: '开票申请 · 等待审批', state: 'pending' },
  confirmed: { title: '开具中…', state: 'pending' },
  submitting: { title: '开具中…', state: 'pending' },
  in_progress: { title: '开具中 · 税局处理中', state: 'pending' },
  waiting_face_auth: { title: '等待开票员扫码认证', state: 'pending' },
  waiting_login: { title: '等待税局登录', state: 'pending' },
  issued: { title: '已开具', state: 'success' },
  delivered: { title: '已开具', state: 'success' },
  failed: { title: '开具失败', state: 'danger' },
  cancelled: { title: '已取消', state: 'neutral' },
};

export function draftFields(draft: InvoiceDraft): CardField[] {
  const fields: CardField[] = [
    { label: '类型', value: `数电${invoiceKindLabel(draft.kind)}` },
    { label: '购方', value: draft.buyer.name },
    { label: '税号', value: draft.buyer.taxId ?? '（自然人，无税号）' },
  ];
  fields.push(
    { label: '金额（不含税）', value: `¥${formatYuanForChat(draft.netFen)}` },
    { label: '税额', value: `¥${formatYuanForChat(draft.taxFen)}` },
    { label: '价税合计', value: `¥${formatYuanForChat(draft.grossFen)}` },
  );
  if (draft.remark) fields.push({ label: '备注', value: draft.remark });
  if (draft.buyer.email) fields.push({ label: '邮箱', value: draft.buyer.email });
  return fields;
}

/**
 * Lines a card lists before it folds the rest: a 100-line draft in full would pass Feishu's 30 KB card limit, and
 * the totals above already sum every line.
 */
export const MAX_CARD_LINES = 20;

export function draftLinesText(draft: InvoiceDraft): CardText {
  const shown = draft.lines.slice(0, MAX_CARD_LINES).map((line, index) => {
    // With a quantity the bureau gets a unit price: show it, tax-inclusive, rounded as computed (13 decimals).
    const quantity = line.quantity
      ? ` × ${line.quantity}${line.unit ?? ''} · 含税单价 ¥${line.unitPrice ?? unitPriceOf(line.grossFen, line.quantity)}`
      : '';
    return `${index + 1}. ${line.name}${quantity} · 税率 ${formatRate(line.ratePermille)} · 含税 ¥${formatYuanForChat(line.grossFen)}（税额 ¥${formatYuanForChat(line.taxFen)}）`;
  });
  if (draft.lines.length > MAX_CARD_LINES) shown.push(`…共 ${draft.lines.length} 行，仅显示前 ${MAX_CARD_LINES} 行`);
  return [shown.join('\n')];
}

function stateText(job: JobRecord): CardText | undefined {
  switch (job.state) {
    case 'preview':
      return job.warnings.length > 0 ? [job.warnings.map((w) => `⚠️ ${w}`).join('\n')] : undefined;
    case 'submitting':
    case 'in_progress':
      return job.stillTryingToldAt !== undefined && (job.transientFailures ?? 0) > 0
        ? ['税局暂时没有回应，机器人仍在用同一单号重试，不会重复开具。']
        : undefined;
    case 'waiting_face_auth':
      return ['税局要求开票员人脸认证：请按群里的二维码扫码，通过后自动继续开具。'];
    case 'waiting_login':
      return ['税局登录已失效：请发送「登录」，登录后自动继续开具。'];
    case 'issued':
    case 'delivered':
      return issuedInvoiceText(job, '发票号码', '下载发票');
    case 'failed':
      return [`原因：${job.failure ?? '未知'}`];
    default:
      return undefined;
  }
}

function buttons(job: JobRecord): CardButton[] {
  if (job.state !== 'preview') return [];
  const confirmText = job.warnings.length > 0 ? '确认无误，仍然开具' : '确认开具';
  return [
    { text: confirmText, style: 'primary', value: { op: 'issue_confirm', job: job.id } },
    { text: '取消', style: 'default', value: { op: 'issue_cancel', job: job.id } },
  ];
}

/** Every job's card: a red job has its own (refund-card.ts). */
export function renderJobCard(job: JobRecord): Card {
  if (job.type === 'red' || isRefundOnly(job.state)) return renderRefundCard(job);
  const look = job.approval?.decision === 'rejected' ? REJECTED_LOOK : LOOK[job.state];
  const draft = job.draft;
  const card: Card = {
    title: look.title,
    state: look.state,
    fields: draft ? draftFields(draft) : [],
    body: paragraphs(draft ? draftLinesText(draft) : undefined, stateText(job), approvalText(job)),
    buttons: buttons(job),
    note: `申请人 ${job.requester.name ?? job.requester.id} · 单号 ${job.id}`,
  };
  return card;
}
