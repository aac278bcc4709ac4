/**
 * 下载: an invoice's download link by its number. The provider's download call needs the issue date, so:
 * - the bot's own job record answers when it holds the link (no provider call) or the issue date (one call);
 * - otherwise the provider is searched, blue then red, over the year the number names (数电 numbers start with
 *   the two-digit year of issue), and only a found invoice's link is asked for.
 */
import type { DateRange, IssuedInvoice } from '../api/provider.js';
import { formatChinaDate } from '../china-time.js';
import type { FlowContext } from './context.js';
import type { InvoiceColour, ListedInvoice } from './invoice-listing.js';
import { readPages, type InvoiceListCall } from './invoice-pages.js';

export type DownloadLookup =
  | { found: true; colour: InvoiceColour; invoice: IssuedInvoice; url: string }
  /** `searched` is absent when the number's year has not begun, so nothing was asked. */
  | { found: false; searched?: DateRange };

/** The days of the year a number was issued in, up to today; undefined when that year is still to come. */
export function issueYearRange(number: string, today: string): DateRange | undefined {
  const year = `20${number.slice(0, 2)}`;
  const from = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  if (from > today) return undefined;
  return { from, to: yearEnd < today ? yearEnd : today };
}

export async function findDownloadLink(ctx: FlowContext, number: string): Promise<DownloadLookup> {
  const own = ctx.jobs.all().find((job) => job.accountKey === ctx.accountKey && job.invoice?.number === number);
  let found: ListedInvoice | undefined = own?.invoice ? { colour: own.type, invoice: own.invoice } : undefined;
  if (found && own?.downloadUrl) return { found: true, ...found, url: own.downloadUrl };
  if (!found) {
    const searched = issueYearRange(number, formatChinaDate(ctx.now()));
    if (!searched) return { found: false };
    found = await searchProvider(ctx, number, searched);
    if (!found) return { found: false, searched };
  }
  const url = await ctx.provider.downloadUrl(ctx.account, number, found.invoice.issuedAt);
  return { found: true, ...found, url };
}

async function searchProvider(ctx: FlowContext, number: string, range: DateRange): Promise<ListedInvoice | undefined> {
  const lists: Array<[InvoiceColour, InvoiceListCall]> = [
    ['blue', (query) => ctx.provider.queryBlue(ctx.account, query)],
    ['red', (query) => ctx.provider.queryRed(ctx.account, query)],
  ];
  // The number goes to the provider as a filter, and is matched here too: a list may ignore the filter.
  const match = (items: readonly IssuedInvoice[]) => items.find((invoice) => invoice.number === number);
  for (const [colour, call] of lists) {
    const read = await readPages(call, { ...range, number }, (items) => match(items) !== undefined);
    const invoice = match(read.items);
    if (invoice) return { colour, invoice };
  }
  return undefined;
}
