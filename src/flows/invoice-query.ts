/**
 * 查询 as a workflow: a typed query always reads the provider, and the listing is kept a while for the card's
 * paging buttons, so 下一页 answers at once (inside the click window) and costs no billed provider call. A click on
 * a card older than KEPT_FOR_MS, or from before a restart, reads the provider again.
 */
import type { DateRange } from '../api/provider.js';
import type { ChatRef } from '../bot/platform.js';
import type { FlowContext } from './context.js';
import { readListing, type InvoiceListing } from './invoice-listing.js';

/** How long a listing serves its card's paging. */
export const KEPT_FOR_MS = 10 * 60_000;
/** Listings kept at most (the oldest goes first): memory stays bounded however many chats query. */
export const MAX_KEPT = 100;

export interface InvoiceQueryFlow {
  /** What the provider has now; kept for the card's paging. */
  read(chat: ChatRef, range: DateRange): Promise<InvoiceListing>;
  /** The listing a paging click shows a page of: the kept one while fresh, else read again. */
  forPaging(chat: ChatRef, range: DateRange): Promise<InvoiceListing>;
}

interface Kept {
  listing: InvoiceListing;
  at: number;
}

export function createInvoiceQueryFlow(ctx: FlowContext): InvoiceQueryFlow {
  const kept = new Map<string, Kept>();
  const keyOf = (chat: ChatRef, range: DateRange) => `${chat.platform}|${chat.chatId}|${range.from}|${range.to}`;

  async function read(chat: ChatRef, range: DateRange): Promise<InvoiceListing> {
    const listing = await readListing(ctx, range);
    const key = keyOf(chat, range);
    // Re-inserted, so Map order is age order and the first key is the oldest.
    kept.delete(key);
    kept.set(key, { listing, at: ctx.now() });
    for (const oldest of kept.keys()) {
      if (kept.size <= MAX_KEPT) break;
      kept.delete(oldest);
    }
    return listing;
  }

  return {
    read,
    async forPaging(chat, range) {
      const entry = kept.get(keyOf(chat, range));
      return entry !== undefined && ctx.now() - entry.at < KEPT_FOR_MS ? entry.listing : read(chat, range);
    },
  };
}
