/**
 * The 查询 card: the range's totals, then one page of invoices (number, time, buyer, total; red marked 红字 with
 * a negative total), and 上一页 / 下一页 when there is more than one page. Every user-made string (a buyer's name)
 * is a plain span: shown as written, never markup.
 */
import { lines } from '../bot/card-text.js';
import type { Card, CardButton, CardText } from '../bot/platform.js';
import { formatYuanForChat } from '../invoice/money.js';
import { COLOUR_LABEL, type InvoiceListing, type ListedInvoice } from './invoice-listing.js';
import { MAX_PROVIDER_PAGES, PROVIDER_PAGE_SIZE } from './invoice-pages.js';

/** Rows on one card: the project's cap on listed items (reply-caps MAX_LISTED, job-card MAX_CARD_LINES). */
export const ROWS_PER_PAGE = 20;
export const QUERY_PAGE_OP = 'query_page';

export function pageCount(listing: InvoiceListing): number {
  return Math.max(1, Math.ceil(listing.rows.length / ROWS_PER_PAGE));
}

/** `-106000` → `-¥1,060.00`. */
function yuan(fen: number): string {
  return fen < 0 ? `-¥${formatYuanForChat(-fen)}` : `¥${formatYuanForChat(fen)}`;
}

function rowText(row: ListedInvoice, position: number): CardText {
  const { invoice } = row;
  const total = invoice.grossFen === undefined ? '金额未知' : yuan(invoice.grossFen);
  const reverses = row.colour === 'red' && invoice.blueNumber ? `（冲 ${invoice.blueNumber}）` : '';
  return [
    `${position}. `,
    { strong: COLOUR_LABEL[row.colour] },
    ` ${invoice.number} · ${invoice.issuedAt.slice(0, 16)} · `,
    invoice.buyerName ?? '（无购方名称）',
    ` · ${total}${reverses}`,
  ];
}

function rowsText(listing: InvoiceListing, page: number): CardText {
  if (listing.rows.length === 0) return ['这段时间没有开具的发票。'];
  const first = (page - 1) * ROWS_PER_PAGE;
  const rows = listing.rows.slice(first, first + ROWS_PER_PAGE);
  return lines(rows.map((row, index) => rowText(row, first + index + 1)));
}

function pageButton(text: string, listing: InvoiceListing, page: number, chatId: string): CardButton {
  // The chat travels with the click, so a card's buttons can only page within the chat it was posted to.
  const { from, to } = listing.range;
  return { text, style: 'default', value: { op: QUERY_PAGE_OP, chat: chatId, from, to, page: String(page) } };
}

function noteOf(listing: InvoiceListing, page: number): string {
  const parts = [`第 ${page}/${pageCount(listing)} 页`, `共 ${listing.rows.length} 张`, '按开票时间从新到旧'];
  if (listing.unread > 0) {
    const cap = MAX_PROVIDER_PAGES * PROVIDER_PAGE_SIZE;
    parts.push(`每种发票最多读取 ${cap} 张，另有 ${listing.unread} 张未列出、未计入合计，请缩小日期范围`);
  }
  return parts.join(' · ');
}

/** Page `page` (1-based, within pageCount) of the listing, for the chat `chatId`. */
export function invoiceListCard(listing: InvoiceListing, page: number, chatId: string): Card {
  const { blue, red, range } = listing;
  const buttons: CardButton[] = [];
  if (page > 1) buttons.push(pageButton('上一页', listing, page - 1, chatId));
  if (page < pageCount(listing)) buttons.push(pageButton('下一页', listing, page + 1, chatId));
  return {
    title: `发票查询 · ${range.from} 至 ${range.to}`,
    state: 'info',
    fields: [
      { label: '蓝字发票', value: `${blue.count} 张，合计 ${yuan(blue.grossFen)}` },
      { label: '红字发票', value: `${red.count} 张，合计 ${yuan(red.grossFen)}` },
      { label: '净额（蓝字 + 红字）', value: yuan(listing.netFen) },
    ],
    body: rowsText(listing, page),
    ...(buttons.length > 0 && { buttons }),
    note: noteOf(listing, page),
  };
}
