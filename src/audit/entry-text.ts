/**
 * One audit entry as one line of chat text, for 审计: time, kind, job, who, state change and what matters for the
 * kind (buyer and amount of a request, the call and attempt of a submission, the invoice number or the failure of a
 * result). The file keeps every field; the line keeps what a reader scans for. Typed values are cut short.
 */
import { formatYuanForChat } from '../invoice/money.js';
import { RED_REASON_NAMES } from '../invoice/red-reason.js';
import { truncateEcho } from '../reply-caps.js';
import type { AuditEntry, AuditKind } from './entry.js';

const KIND: Record<AuditKind, string> = {
  request: '申请',
  decision: '决定',
  progress: '进展',
  submission: '提交税局',
  answer: '税局答复',
  outcome: '结果',
};

/** Job states by name; a state this table does not know yet shows as it is. */
const STATE: Readonly<Record<string, string>> = {
  preview: '预览',
  awaiting_approval: '待审批',
  confirmed: '已确认',
  submitting: '提交中',
  in_progress: '税局处理中',
  waiting_face_auth: '等待人脸认证',
  waiting_login: '等待税局登录',
  awaiting_buyer: '等待购方确认',
  awaiting_our_confirmation: '待我方确认',
  confirming: '确认中',
  declining: '撤销中',
  issued: '已开具',
  delivered: '已交付',
  failed: '失败',
  cancelled: '已取消',
};

const CALL: Readonly<Record<string, string>> = {
  issueBlue: '开具蓝字发票',
  submitRed: '提交红冲',
  actOnConfirmation: '处理红字确认单',
};

const ACTION: Readonly<Record<string, string>> = { agree: '同意并开具', reject: '拒绝', cancel: '撤销' };

const RESULT: Readonly<Record<string, string>> = {
  issued: '已开具',
  issued_unknown: '已开具（未返回号码）',
  in_progress: '处理中',
  awaiting_confirmation: '已生成红字确认单',
  needs_face_auth: '需要人脸认证',
  needs_login: '需要税局登录',
  error: '调用失败',
};

const yuan = (fen: number) => `¥${formatYuanForChat(fen)}`;
const stateName = (state: string) => STATE[state] ?? state;

function who(entry: AuditEntry): string | undefined {
  const { user } = entry;
  if (!user) return undefined;
  return user.name ? `${truncateEcho(user.name, 20)}(${user.id})` : user.id;
}

function subject(entry: AuditEntry): string | undefined {
  if (!entry.job) return undefined;
  const type = entry.type === 'red' ? '红字' : entry.type === 'blue' ? '蓝字' : '';
  return `#${entry.job}${type ? ` ${type}` : ''}`;
}

function stateChange(entry: AuditEntry): string | undefined {
  if (entry.to === undefined) return undefined;
  return entry.from === undefined ? stateName(entry.to) : `${stateName(entry.from)} → ${stateName(entry.to)}`;
}

/** Buyer and amount: what was asked for. */
function request(entry: AuditEntry): string[] {
  const parts: string[] = [];
  if (entry.buyer?.name) parts.push(`购方 ${truncateEcho(entry.buyer.name)}${entry.buyer.taxId ? `（${entry.buyer.taxId}）` : ''}`);
  if (entry.type === 'red') {
    if (entry.blueInvoice) parts.push(`蓝字发票 ${entry.blueInvoice}`);
    if (entry.refundFen !== undefined) parts.push(`红冲 ${yuan(entry.refundFen)}`);
    if (entry.reason) parts.push(RED_REASON_NAMES[entry.reason] ?? entry.reason);
  } else if (entry.grossFen !== undefined) {
    parts.push(`价税合计 ${yuan(entry.grossFen)}`);
  }
  return parts;
}

function call(entry: AuditEntry): string[] {
  if (!entry.call) return [];
  const action = entry.action ? `：${ACTION[entry.action] ?? entry.action}` : '';
  const attempt = entry.kind === 'submission' && entry.attempt ? `（第 ${entry.attempt} 次）` : '';
  return [`${CALL[entry.call] ?? entry.call}${action}${attempt}`];
}

/** What came of it: the answer, the invoice, the confirmation, the failure. */
function result(entry: AuditEntry): string[] {
  const parts: string[] = [];
  if (entry.result) parts.push(RESULT[entry.result] ?? entry.result);
  if (entry.invoice && (entry.kind === 'answer' || entry.kind === 'outcome')) {
    parts.push(`发票号码 ${entry.invoice}${entry.invoiceGrossFen !== undefined ? ` ${yuan(entry.invoiceGrossFen)}` : ''}`);
  }
  if (entry.result === 'awaiting_confirmation' && entry.confirmationUuid) {
    parts.push(`确认单 ${entry.confirmationUuid}${entry.confirmationState ? `（状态 ${entry.confirmationState}）` : ''}`);
  }
  if (entry.message) parts.push(truncateEcho(entry.message, 60));
  if (entry.failure) parts.push(`原因：${truncateEcho(entry.failure, 80)}`);
  return parts;
}

export function auditEntryLine(entry: AuditEntry): string {
  const time = entry.at.slice(11, 19);
  const detail = entry.kind === 'request' || entry.kind === 'submission' ? request(entry) : [];
  const parts = [subject(entry), who(entry), stateChange(entry), ...call(entry), ...detail, ...result(entry)];
  return `${time} ${KIND[entry.kind] ?? entry.kind} ${parts.filter((part) => part !== undefined && part !== '').join(' · ')}`;
}
