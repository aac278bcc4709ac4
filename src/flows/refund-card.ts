/**
 * The one card of a red job: the 红冲 preview (or a buyer's confirmation from 确认单) that becomes, by updates, the
 * progress and the final card. Rendered from the job alone.
 */
import { paragraphs } from '../bot/card-text.js';
import type { Card, CardButton, CardField, CardState, CardText } from '../bot/platform.js';
import { formatYuanForChat } from '../invoice/money.js';
import { RED_REASON_NAMES } from '../invoice/red-reason.js';
import type { JobRecord, JobState } from '../store/jobs.js';
import { approvalText, REJECTED_LOOK } from './approval-texts.js';
import { issuedInvoiceText } from './issued-invoice-text.js';

const LOOK: Record<JobState, { title: string; state: CardState }> = {
  preview: { title: '红冲预览 · 请确认', state: 'info' },
  awaiting_approval: { title: '红冲申请 · 等待审批', state: 'pending' },
  confirmed: { title: '红冲中…', state: 'pending' },
  submitting: { title: '红冲中…', state: 'pending' },
  in_progress: { title: '红冲中 · 税局处理中', state: 'pending' },
  awaiting_buyer: { title: '红字确认单 · 等待购方确认', state: 'pending' },
  awaiting_our_confirmation: { title: '红字确认单 · 待我方确认', state: 'info' },
  confirming: { title: '红字发票开具中…', state: 'pending' },
  declining: { title: '红字确认单处理中…', state: 'pending' },
  waiting_face_auth: { title: '等待开票员扫码认证', state: 'pending' },
  waiting_login: { title: '等待税局登录', state: 'pending' },
  issued: { title: '已红冲', state: 'success' },
  delivered: { title: '已红冲', state: 'success' },
  failed: { title: '红冲未完成', state: 'danger' },
  cancelled: { title: '已取消', state: 'neutral' },
};

const yuan = (fen: number) => `¥${formatYuanForChat(fen)}`;

export function refundFields(job: JobRecord): CardField[] {
  const red = job.red!;
  const list: CardField[] = [{ label: '蓝字发票', value: red.blueNumber }];
  if (red.buyerName) list.push({ label: '购方', value: red.buyerName });
  if (red.blueIssuedAt) list.push({ label: '蓝票开票日期', value: red.blueIssuedAt });
  if (red.blueGrossFen !== undefined) list.push({ label: '蓝票价税合计', value: yuan(red.blueGrossFen) });
  if (red.refundedBeforeFen !== undefined) list.push({ label: '已红冲', value: yuan(red.refundedBeforeFen) });
  list.push({ label: '本次红冲（含税）', value: yuan(red.refundFen) }, { label: '原因', value: RED_REASON_NAMES[red.reason] });
  if (job.confirmationUuid) list.push({ label: '确认单', value: job.confirmationUuid });
  return list;
}

export function refundLinesText(job: JobRecord): CardText | undefined {
  const lines = job.red!.lines;
  if (!lines?.length) return undefined;
  return [lines.map((line) => `第 ${line.lineNo} 行 · 红冲含税 ${yuan(line.grossFen)}`).join('\n')];
}

function stateText(job: JobRecord): CardText | undefined {
  switch (job.state) {
    case 'preview':
      return job.red!.lines?.length ? undefined : ['整张红冲：冲销这张蓝字发票剩余的全部金额。'];
    case 'awaiting_buyer':
      return ['购方确认后自动开具红字发票；72 小时内无人确认则作废。'];
    case 'awaiting_our_confirmation':
      return job.red!.enteredBy === 'buyer'
        ? ['购方提交了红字确认单，同意后税局开具红字发票。']
        : ['税局没有直接开具：需要我方用这张确认单开具红字发票，或撤销它。'];
    case 'waiting_face_auth':
      return ['税局要求开票员人脸认证：请按群里的二维码扫码，通过后自动继续。'];
    case 'waiting_login':
      return ['税局登录已失效：请发送「登录」，登录后自动继续。'];
    case 'issued':
    case 'delivered':
      return issuedInvoiceText(job, '红字发票号码', '下载红字发票');
    case 'failed':
      return [`原因：${job.failure ?? '未知'}`];
    default:
      return undefined;
  }
}

function buttons(job: JobRecord): CardButton[] {
  const value = (op: string) => ({ op, job: job.id });
  if (job.state === 'preview') {
    return [
      { text: '确认红冲', style: 'primary', value: value('red_confirm') },
      { text: '取消', style: 'default', value: value('red_cancel') },
    ];
  }
  if (job.state !== 'awaiting_our_confirmation') return [];
  const buyers = job.red!.enteredBy === 'buyer';
  return [
    { text: buyers ? '同意并开具' : '确认开具', style: 'primary', value: value('red_agree') },
    { text: buyers ? '拒绝' : '撤销', style: 'danger', value: value('red_decline') },
  ];
}

export function renderRefundCard(job: JobRecord): Card {
  const look =
    job.state === 'awaiting_our_confirmation' && job.red!.enteredBy === 'buyer'
      ? { title: '购方红字确认单 · 待我方处理', state: 'info' as const }
      : job.approval?.decision === 'rejected'
        ? REJECTED_LOOK
        : LOOK[job.state];
  return {
    title: look.title,
    state: look.state,
    fields: refundFields(job),
    body: paragraphs(refundLinesText(job), stateText(job), approvalText(job)),
    buttons: buttons(job),
    note: `${job.red!.enteredBy === 'buyer' ? '购方发起' : `申请人 ${job.requester.name ?? job.requester.id}`} · 单号 ${job.id}`,
  };
}
