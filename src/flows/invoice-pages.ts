/**
 * Reading a provider's paged invoice list to its end, for 查询 and 下载. Every query call may be billed, so pages
 * are large and their number is capped; whatever page size the provider really uses, pages are walked by number
 * until its `total` is reached or a page comes back empty. An invoice issued while the pages are read shifts a
 * newest-first list by one, so an invoice seen on an earlier page is not taken twice.
 */
import type { InvoiceQuery, IssuedInvoice, Page } from '../api/provider.js';

export type InvoiceListCall = (query: InvoiceQuery) => Promise<Page<IssuedInvoice>>;

/** Asked of every call: the document's sample page size. */
export const PROVIDER_PAGE_SIZE = 50;
/** Pages read per list at most: 500 invoices at the asked size. */
export const MAX_PROVIDER_PAGES = 10;

export interface PagesRead {
  items: IssuedInvoice[];
  /** How many the provider says match (at least as many as were read). */
  total: number;
}

/** Pages 1, 2, … of `query` until the end, MAX_PROVIDER_PAGES, or `enough` says the items read so far will do. */
export async function readPages(
  call: InvoiceListCall,
  query: InvoiceQuery,
  enough: (items: readonly IssuedInvoice[]) => boolean = () => false,
): Promise<PagesRead> {
  const items: IssuedInvoice[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let page = 1; page <= MAX_PROVIDER_PAGES; page += 1) {
    const answer = await call({ ...query, page, pageSize: PROVIDER_PAGE_SIZE });
    for (const invoice of answer.items) {
      if (!seen.has(invoice.number)) items.push(invoice);
      seen.add(invoice.number);
    }
    total = Math.max(answer.total, items.length);
    if (answer.items.length === 0 || items.length >= total || enough(items)) break;
  }
  return { items, total };
}
