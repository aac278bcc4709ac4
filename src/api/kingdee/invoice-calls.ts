/** Blue invoices: issue by serialNo, the issued-invoice list, and the download link. */
import {
  ProviderError,
  ProviderErrorCode,
  type InvoiceDraft,
  type InvoiceQuery,
  type IssueOutcome,
  type IssuedInvoice,
  type Page,
  type TaxAccount,
} from '../provider.js';
import { optionalYuanToFen } from '../shared/money-wire.js';
import { text, withoutEmpty } from '../shared/wire-values.js';
import { requireOk } from './codes.js';
import type { KingdeeContext } from './context.js';
import { issuedFromStatus, toBlueCreateWire } from './invoice-data.js';
import { pageOf } from './paging.js';
import { blueSerialNo } from './serial-no.js';
import { issueOnce } from './serial-issue.js';
import { FILE_TYPE_PDF, INVOICE_TYPE_CODE, type DownloadWire, type InvoiceListItemWire, type InvoiceQueryWire } from './wire.js';

/** At most 50 a page (client source). */
const MAX_PAGE_SIZE = 50;

export async function issueBlue(ctx: KingdeeContext, account: TaxAccount, taskId: string, draft: InvoiceDraft): Promise<IssueOutcome> {
  const serialNo = blueSerialNo(taskId);
  // Mapped before any call: a bad draft never reaches the provider.
  const create = toBlueCreateWire(draft, account, serialNo);
  const step = await issueOnce<never>(ctx, account, serialNo, async () => ({ create }));
  if (step.kind === 'issuing') return { status: 'in_progress' };
  if (step.kind === 'answer') return step.answer;
  const { buyer } = draft;
  return {
    status: 'issued',
    invoice: withoutEmpty({
      ...issuedFromStatus(step.result),
      grossFen: draft.grossFen,
      netFen: draft.netFen,
      taxFen: draft.taxFen,
      buyerName: buyer.name,
      buyerTaxId: buyer.naturalPerson ? undefined : buyer.taxId,
      sellerTaxId: account.nsrsbh,
      kind: draft.kind,
    }),
  };
}

/** The issued-invoice list holds both colours; blue ones have positive totals. */
export async function queryBlue(ctx: KingdeeContext, account: TaxAccount, query: InvoiceQuery): Promise<Page<IssuedInvoice>> {
  const page = query.page ?? 1;
  const pageSize = Math.min(query.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const request: InvoiceQueryWire = withoutEmpty({
    startDate: query.from,
    endDate: query.to,
    invoiceNo: query.number,
    buyerTaxNo: query.counterpartyTaxId,
    buyerName: query.counterpartyName,
    page,
    pageSize,
  });
  const envelope = requireOk(await ctx.call('invoiceQuery', account, request));
  const listed = pageOf<InvoiceListItemWire>(envelope, page, pageSize);
  const items = listed.items.map(issuedFromListItem).filter((invoice) => (invoice.grossFen ?? 0) > 0);
  return { ...listed, items };
}

function issuedFromListItem(item: InvoiceListItemWire): IssuedInvoice {
  const number = text(item.etaxInvoiceNo) ?? text(item.invoiceNo);
  if (!number || typeof item.invoiceDate !== 'string') {
    throw new ProviderError(ProviderErrorCode.Protocol, '发票查询结果缺少发票号码或开票日期');
  }
  const type = String(item.invoiceType ?? '');
  return withoutEmpty({
    number,
    issuedAt: item.invoiceDate,
    grossFen: optionalYuanToFen(item.totalAmount),
    netFen: optionalYuanToFen(item.invoiceAmount),
    taxFen: optionalYuanToFen(item.totalTaxAmount),
    buyerName: text(item.buyerName),
    buyerTaxId: text(item.buyerTaxNo),
    sellerName: text(item.salerName),
    sellerTaxId: text(item.salerTaxNo),
    kind: type === INVOICE_TYPE_CODE.special ? 'special' : type === INVOICE_TYPE_CODE.normal ? 'normal' : undefined,
  });
}

export async function downloadUrl(ctx: KingdeeContext, account: TaxAccount, invoiceNumber: string, issuedAt: string): Promise<string> {
  const envelope = requireOk(
    await ctx.call('invoiceDownload', account, { invoiceNo: invoiceNumber, invoiceDate: issuedAt, fileType: FILE_TYPE_PDF }),
  );
  const url = (envelope.data as DownloadWire | undefined)?.url;
  if (typeof url !== 'string' || url === '') throw new ProviderError(ProviderErrorCode.Protocol, '金蝶下载应答中没有地址');
  return url;
}
