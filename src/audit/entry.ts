/**
 * What one audit line says: who asked for what, who decided, what went to the tax bureau and what came of it.
 * Every job line carries the job's facts (chat, buyer, amounts in fen, invoice numbers, taskId / confirmation uuid),
 * so a line read alone still says what it is about. Fields are picked one by one from the job or the call: never a
 * credential, and never a provider's parameters wholesale.
 */
import type { ConfirmationAction, ConfirmationState, InvoiceDraft, RedLine, RedReason } from '../api/provider.js';
import type { PlatformName, UserRef } from '../bot/platform.js';
import type { JobRecord } from '../store/jobs.js';

export type AuditKind =
  /** A job was created: an 开票 or 红冲 request, or a buyer's confirmation brought in. */
  | 'request'
  /** A person moved a job: 确认, 取消, 同意, 驳回, 确认开具, 撤销… */
  | 'decision'
  /** The bot moved a job along (submitting, waiting for the bureau…). */
  | 'progress'
  /** A call that can issue or refund, written before it goes out. */
  | 'submission'
  /** What the provider answered to that call. */
  | 'answer'
  /** A job reached a result: issued, delivered, failed or cancelled. */
  | 'outcome';

/** The provider calls that can issue an invoice. */
export type AuditedCall = 'issueBlue' | 'submitRed' | 'actOnConfirmation';

export interface AuditEntry {
  /** ISO 8601 in China time (`2025-10-15T09:32:10.123+08:00`). */
  at: string;
  kind: AuditKind;
  job?: string;
  type?: 'blue' | 'red';
  chat?: { platform: PlatformName; chatId: string };
  /** Who: the requester of a request, the person of a decision. */
  user?: UserRef;
  /** State before and after (a request has only `to`). */
  from?: string;
  to?: string;
  buyer?: { name?: string; taxId?: string };
  /** Blue: the draft's 价税合计, 金额 and 税额. */
  grossFen?: number;
  netFen?: number;
  taxFen?: number;
  /** Red: what the refund takes off the blue invoice (positive), and which lines when not the whole invoice. */
  refundFen?: number;
  refundLines?: RedLine[];
  reason?: RedReason;
  /** Red: the blue invoice it reverses. */
  blueInvoice?: string;
  /** The invoice issued (blue, or the red one of a refund), and its 价税合计 (negative for red). */
  invoice?: string;
  invoiceGrossFen?: number;
  /** Blue: the provider task id every submit of the job reuses. */
  taskId?: string;
  confirmationUuid?: string;
  confirmationState?: ConfirmationState;
  /** Doubts the requester accepted by confirming. */
  warnings?: string[];
  /** Submission and answer: which call, its action, which attempt of the job, for which seller (纳税人识别号). */
  call?: AuditedCall;
  action?: ConfirmationAction;
  attempt?: number;
  seller?: string;
  /** Answer: the provider's status (`issued`, `in_progress`, `awaiting_confirmation`…) or `error`. */
  result?: string;
  errorCode?: string;
  /** Why, in the words the chat was given (bureau refusals as they are). */
  failure?: string;
  /** What the bureau asked for (face scan, login). */
  message?: string;
}

/** What a line says about its subject, whatever kind of line it is. */
export type AuditFacts = Omit<AuditEntry, 'at' | 'kind'>;

/** A line before the log stamps its time. */
export type AuditFields = AuditFacts & Pick<AuditEntry, 'kind'>;

/** The figures of a blue draft: buyer and totals, not its lines. */
export function draftFacts(draft: InvoiceDraft): AuditFacts {
  return {
    buyer: { name: draft.buyer.name, taxId: draft.buyer.taxId },
    grossFen: draft.grossFen,
    netFen: draft.netFen,
    taxFen: draft.taxFen,
  };
}

/** What every line about a job repeats. */
export function jobFacts(job: JobRecord): AuditFacts {
  const facts: AuditFacts = { job: job.id, type: job.type, chat: { platform: job.chat.platform, chatId: job.chat.chatId } };
  if (job.draft) Object.assign(facts, draftFacts(job.draft), { taskId: job.taskId });
  if (job.red) {
    Object.assign(facts, { refundFen: job.red.refundFen, reason: job.red.reason, blueInvoice: job.red.blueNumber });
    if (job.red.buyerName || job.red.buyerTaxId) facts.buyer = { name: job.red.buyerName, taxId: job.red.buyerTaxId };
  }
  if (job.confirmationUuid) facts.confirmationUuid = job.confirmationUuid;
  if (job.invoice) Object.assign(facts, { invoice: job.invoice.number, invoiceGrossFen: job.invoice.grossFen });
  if (job.warnings.length > 0) facts.warnings = job.warnings;
  return facts;
}

/** The person `id` with the name the job knows for them (requester or approver), if any. */
export function personOf(job: JobRecord, id: string): UserRef {
  const known = [job.approvedBy, job.requester].find((user) => user?.id === id);
  return known?.name ? { id, name: known.name } : { id };
}

/** Keys in the order a line is written: what happened and to whom first, then the details. */
const FIELD_ORDER: readonly (keyof AuditFields)[] = ['kind', 'job', 'type', 'chat', 'user', 'from', 'to', 'call', 'action', 'attempt', 'result'];

/** The same fields, in FIELD_ORDER and then as given. */
export function inFieldOrder(fields: AuditFields): AuditFields {
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (key in fields) ordered[key] = fields[key];
  return Object.assign(ordered, fields) as AuditFields;
}
