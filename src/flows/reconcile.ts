/**
 * Reconciliation for a job whose taskId the provider may have forgotten (it keeps them 8 hours): before any new
 * submit, look for an invoice issued for this job since it was first sent. Never two invoices for one request.
 */
import type { IssuedInvoice } from '../api/provider.js';
import { formatChinaDate, parseChinaTime } from '../china-time.js';
import type { JobRecord } from '../store/jobs.js';
import type { FlowContext } from './context.js';
import { readPages } from './invoice-pages.js';

/** Clock skew between us and the bureau that we still accept when matching issue times. */
const SKEW_MS = 10 * 60_000;

export async function findIssuedInvoice(ctx: FlowContext, job: JobRecord): Promise<IssuedInvoice | undefined> {
  const draft = job.draft!;
  const since = job.firstSubmittedAt!;
  const taken = new Set(
    ctx.jobs
      .inStates(['issued', 'delivered'])
      .map((other) => other.invoice?.number)
      .filter(Boolean),
  );
  const matches = (invoice: IssuedInvoice) =>
    !taken.has(invoice.number) &&
    invoice.grossFen === draft.grossFen &&
    (invoice.buyerName === undefined || invoice.buyerName === draft.buyer.name) &&
    (parseChinaTime(invoice.issuedAt) ?? 0) >= since - SKEW_MS;
  const query = { from: formatChinaDate(since - SKEW_MS), to: formatChinaDate(ctx.now()), counterpartyTaxId: draft.buyer.taxId };
  const { items } = await readPages((page) => ctx.provider.queryBlue(ctx.account, page), query, (read) => read.some(matches));
  return items.find(matches);
}
