/**
 * What 查询 shows: the blue and red invoices of a date range merged into one list, newest first, with the totals of
 * each colour and the net. A red invoice's total is negative, whatever sign the provider printed it with.
 */
import type { DateRange, IssuedInvoice, TaxAccount, TaxProvider } from '../api/provider.js';
import { readPages, type PagesRead } from './invoice-pages.js';

export type InvoiceColour = 'blue' | 'red';

/** How chat names the colours. */
export const COLOUR_LABEL: Readonly<Record<InvoiceColour, string>> = { blue: '蓝字', red: '红字' };

export interface ListedInvoice {
  colour: InvoiceColour;
  invoice: IssuedInvoice;
}

export interface ColourTotal {
  count: number;
  /** 价税合计 of those that have one, fen; negative for red. */
  grossFen: number;
}

export interface InvoiceListing {
  range: DateRange;
  /** Newest first (by issue time, then number). */
  rows: ListedInvoice[];
  blue: ColourTotal;
  red: ColourTotal;
  /** blue + red, fen. */
  netFen: number;
  /** Matches left unread past the page cap: the rows and totals leave them out. */
  unread: number;
}

export async function readListing(
  ctx: { provider: TaxProvider; account: TaxAccount },
  range: DateRange,
): Promise<InvoiceListing> {
  const { provider, account } = ctx;
  const [blue, red] = await Promise.all([
    readPages((query) => provider.queryBlue(account, query), range),
    readPages((query) => provider.queryRed(account, query), range),
  ]);
  return listingOf(range, blue, red);
}

export function listingOf(range: DateRange, blue: PagesRead, red: PagesRead): InvoiceListing {
  const rows: ListedInvoice[] = [
    ...blue.items.map((invoice) => ({ colour: 'blue' as const, invoice })),
    ...red.items.map((invoice) => ({ colour: 'red' as const, invoice: asRed(invoice) })),
  ].sort(newestFirst);
  const blueTotal = totalOf(rows, 'blue');
  const redTotal = totalOf(rows, 'red');
  return {
    range,
    rows,
    blue: blueTotal,
    red: redTotal,
    netFen: blueTotal.grossFen + redTotal.grossFen,
    unread: blue.total - blue.items.length + (red.total - red.items.length),
  };
}

function asRed(invoice: IssuedInvoice): IssuedInvoice {
  return invoice.grossFen === undefined ? invoice : { ...invoice, grossFen: -Math.abs(invoice.grossFen) };
}

/** `issuedAt` is `YYYY-MM-DD HH:mm:ss` in China time, so text order is time order. */
function newestFirst(a: ListedInvoice, b: ListedInvoice): number {
  return compareText(b.invoice.issuedAt, a.invoice.issuedAt) || compareText(b.invoice.number, a.invoice.number);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function totalOf(rows: readonly ListedInvoice[], colour: InvoiceColour): ColourTotal {
  const ofColour = rows.filter((row) => row.colour === colour);
  return { count: ofColour.length, grossFen: ofColour.reduce((sum, row) => sum + (row.invoice.grossFen ?? 0), 0) };
}
