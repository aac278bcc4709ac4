/**
 * One invoice per serialNo, blue or red: the result query first, and invoice/create only when Kingdee does not know
 * the serialNo or says it failed and may be retried (status 6). 3–5 end the attempt with the provider's reason.
 * So every call — a re-poll, a restart, a double click — is safe to repeat.
 */
import { ProviderError, ProviderErrorCode, type IssueOutcome, type TaxAccount } from '../provider.js';
import { text } from '../shared/wire-values.js';
import { actionFor, errorFromEnvelope, requireOk, waitingOutcomeOf } from './codes.js';
import type { KingdeeContext } from './context.js';
import { INVOICE_STATUS_LABELS, InvoiceStatus, type InvoiceCreateWire, type InvoiceStatusWire } from './wire.js';

export type SerialStep<A> =
  | { kind: 'issued'; result: InvoiceStatusWire }
  | { kind: 'issuing' }
  /** Nothing was created: the caller's own answer (red: a confirmation not ready), or a wait for a scan or login. */
  | { kind: 'answer'; answer: A | IssueOutcome };

/** What to create when the serialNo is new: a body, or an answer that means "do not create". */
export type Prepare<A> = () => Promise<{ create: InvoiceCreateWire } | { answer: A }>;

export async function queryStatus(ctx: KingdeeContext, account: TaxAccount, serialNo: string): Promise<InvoiceStatusWire> {
  const envelope = requireOk(await ctx.call('invoiceStatus', account, { serialNo }));
  return (envelope.data as InvoiceStatusWire | undefined) ?? {};
}

export async function issueOnce<A>(
  ctx: KingdeeContext,
  account: TaxAccount,
  serialNo: string,
  prepare: Prepare<A>,
): Promise<SerialStep<A>> {
  const result = await queryStatus(ctx, account, serialNo);
  const status = result.status === undefined || result.status === '' ? InvoiceStatus.FailedMayRetry : String(result.status);
  switch (status) {
    case InvoiceStatus.Issued:
      return { kind: 'issued', result };
    case InvoiceStatus.Issuing:
      return { kind: 'issuing' };
    case InvoiceStatus.Failed:
    case InvoiceStatus.NumberMixUp:
    case InvoiceStatus.DataCheckFailed: {
      const reason = text(result.description);
      throw new ProviderError(ProviderErrorCode.IssueFailed, `${INVOICE_STATUS_LABELS[status]}${reason ? `：${reason}` : ''}`, status);
    }
    case InvoiceStatus.FailedMayRetry:
      break;
    default:
      throw new ProviderError(ProviderErrorCode.Protocol, `金蝶开票状态无法识别: ${status}`);
  }
  const prepared = await prepare();
  if ('answer' in prepared) return { kind: 'answer', answer: prepared.answer };
  // Safe to repeat: the same serialNo never issues twice (a taken one answers 91600).
  const envelope = await ctx.call('invoiceCreate', account, prepared.create);
  const waiting = waitingOutcomeOf(envelope);
  if (waiting) return { kind: 'answer', answer: waiting };
  const kind = actionFor(envelope.errcode).kind;
  if (kind === 'ok' || kind === 'serial_taken') return { kind: 'issuing' };
  throw errorFromEnvelope(envelope);
}
