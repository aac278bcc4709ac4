/** Blue and red invoices: issue, poll, query, and the download page. */
import {
  ProviderError,
  ProviderErrorCode,
  type InvoiceDraft,
  type InvoiceQuery,
  type IssueOutcome,
  type IssuedInvoice,
  type Page,
  type RedOutcome,
  type RedRequest,
  type TaxAccount,
} from '../provider.js';
import { numberOr, text, withoutEmpty } from '../shared/wire-values.js';
import { actionFor, issuingOutcomeOf, requireOk } from './codes.js';
import type { CallContext } from './context.js';
import { issuedFromListItem, toInvoiceDataWire } from './invoice-data.js';
import { issuedFromRedResult, redOutcomeFromSubmit, toRedLinesWire } from './red-data.js';
import {
  PAGE_PARAM,
  type BlueSubmitDataWire,
  type DownloadPageDataWire,
  type InvoiceListItemWire,
  type JumdataEndpoint,
  type PagedListDataWire,
  type RedResultDataWire,
  type RedSubmitDataWire,
} from './wire.js';

export const DEFAULT_PAGE_SIZE = 50;

/** Idempotent by `taskId` (the provider dedupes it for 8 h), so every failure may be retried and 202 re-polled. */
export async function issueBlue(
  ctx: CallContext,
  account: TaxAccount,
  taskId: string,
  draft: InvoiceDraft,
): Promise<IssueOutcome> {
  // Mapped before any call: a bad draft never costs a token or a billed call.
  const invoiceData = JSON.stringify(toInvoiceDataWire(draft));
  const envelope = await ctx.session.callWithToken(account, 'blueSubmit', { taskId, invoiceData });
  if (actionFor(envelope.code).kind !== 'ok') return issuingOutcomeOf(envelope);
  const data = envelope.data as Partial<BlueSubmitDataWire> | undefined;
  if (!text(data?.fphm) || typeof data?.kprq !== 'string') {
    throw new ProviderError(ProviderErrorCode.Protocol, '开票应答缺少发票号码或开票日期', envelope.code);
  }
  const { buyer } = draft;
  return {
    status: 'issued',
    invoice: withoutEmpty({
      number: data.fphm as string,
      issuedAt: data.kprq,
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

export function queryBlue(ctx: CallContext, account: TaxAccount, query: InvoiceQuery): Promise<Page<IssuedInvoice>> {
  return queryInvoices(ctx, account, 'blueQuery', query);
}

export function queryRed(ctx: CallContext, account: TaxAccount, query: InvoiceQuery): Promise<Page<IssuedInvoice>> {
  return queryInvoices(ctx, account, 'redQuery', query);
}

async function queryInvoices(
  ctx: CallContext,
  account: TaxAccount,
  endpoint: JumdataEndpoint,
  query: InvoiceQuery,
): Promise<Page<IssuedInvoice>> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const envelope = requireOk(
    await ctx.session.callWithToken(account, endpoint, {
      kprqq: query.from,
      kprqz: query.to,
      fphm: query.number,
      dfnsrsbh: query.counterpartyTaxId,
      dfnsrmc: query.counterpartyName,
      [PAGE_PARAM.number]: String(page),
      [PAGE_PARAM.size]: String(pageSize),
    }),
  );
  const data = listData<InvoiceListItemWire>(envelope.data);
  return {
    items: data.list.map(issuedFromListItem),
    total: numberOr(data.total, data.list.length),
    page: numberOr(data.pagenumber, page),
    pageSize: numberOr(data.pagesize, pageSize),
  };
}

/** Not idempotent: a repeat after a lost answer could open a second confirmation. */
export async function submitRed(ctx: CallContext, account: TaxAccount, request: RedRequest): Promise<RedOutcome> {
  const lines = request.lines ?? [];
  const hzmx = lines.length > 0 ? JSON.stringify(toRedLinesWire(lines)) : undefined;
  const envelope = await ctx.session.callWithToken(
    account,
    'redSubmit',
    { lzfphm: request.blueNumber, lzkprq: request.blueIssuedAt, chyydm: request.reason, hzmx },
    { idempotent: false },
  );
  if (actionFor(envelope.code).kind !== 'ok') return issuingOutcomeOf(envelope);
  return redOutcomeFromSubmit(envelope.data as Partial<RedSubmitDataWire> | undefined, request.blueNumber);
}

export async function redResult(ctx: CallContext, account: TaxAccount, uuid: string): Promise<RedOutcome> {
  const envelope = await ctx.session.callWithToken(account, 'redResult', { uuid, xsfnsrsbh: account.nsrsbh });
  if (actionFor(envelope.code).kind !== 'ok') return issuingOutcomeOf(envelope, uuid);
  return { status: 'issued', invoice: issuedFromRedResult(envelope.data as Partial<RedResultDataWire> | undefined, uuid) };
}

export async function downloadUrl(
  ctx: CallContext,
  account: TaxAccount,
  invoiceNumber: string,
  issuedAt: string,
): Promise<string> {
  const envelope = requireOk(
    await ctx.session.callWithToken(account, 'downloadPage', { fphm: invoiceNumber, kprq: issuedAt }),
  );
  const url = (envelope.data as Partial<DownloadPageDataWire> | undefined)?.url;
  if (typeof url !== 'string' || url === '') {
    throw new ProviderError(ProviderErrorCode.Protocol, '下载页面应答中没有地址', envelope.code);
  }
  return url;
}

export function listData<T>(data: unknown): PagedListDataWire<T> {
  const list = (data as Partial<PagedListDataWire<T>> | undefined)?.list;
  if (!Array.isArray(list)) throw new ProviderError(ProviderErrorCode.Protocol, '查询应答中没有列表');
  return data as PagedListDataWire<T>;
}
