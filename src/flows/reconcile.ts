/**
 * Reconciliation for a job whose taskId the provider may have forgotten (it keeps them 8 hours): before any new
 * submit, look for an invoice issued for this job since it was first sent. Never two invoices for one request.
 */
import type { IssuedInvoice } from '../api/provider.js';
import { formatChinaDate, parseChinaTime } from '../china-time.js';
import type { JobRecord } from '../store/jobs.js';
import type { FlowContext } from './context.js';

/** Clock skew between us and the bureau that we still accept when matching issue times. */
const SKEW_MS = 10 * 60_000;
const PAGE_SIZE = 50;
const MAX_PAGES = 20;

export async function findIssuedInvoice(ctx: FlowContext, job: JobRecord): Promise<IssuedInvoice | undefined> {
  const draft = job.draft!;
  const since = job.firstSubmittedAt!;
  const taken = new Set(
    ctx.jobs
      .inStates(['issued', 'delivered'])
      .map((other) => other.invoice?.number)
      .filter(Boolean),
  );
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await ctx.provider.queryBlue(ctx.account, {
      from: formatChinaDate(since - SKEW_MS),
      to: formatChinaDate(ctx.now()),
      counterpartyTaxId: draft.buyer.taxId,
      page,
      pageSize: PAGE_SIZE,
    });
    const match = result.items.find(
      (invoice) =>
        !taken.has(invoice.number) &&
        invoice.grossFen === draft.grossFen &&
        (invoice.buyerName === undefined || invoice.buyerName === draft.buyer.name) &&
        (parseChinaTime(invoice.issuedAt) ?? 0) >= since - SKEW_MS,
    );
    if (match) return match;
    if (page * result.pageSize >= result.total) return undefined;
  }
  return undefined;
}
