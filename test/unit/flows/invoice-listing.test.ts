import { describe, expect, it } from 'vitest';
import type { InvoiceQuery, IssuedInvoice, Page } from '../../../src/api/provider.js';
import { plainTextOf } from '../../../src/bot/card-text.js';
import { issueYearRange } from '../../../src/flows/invoice-download.js';
import { invoiceListCard, pageCount, QUERY_PAGE_OP, ROWS_PER_PAGE } from '../../../src/flows/invoice-list-card.js';
import { listingOf } from '../../../src/flows/invoice-listing.js';
import { MAX_PROVIDER_PAGES, readPages } from '../../../src/flows/invoice-pages.js';

const RANGE = { from: '2025-10-01', to: '2025-10-31' };

function invoice(n: number, issuedAt: string, grossFen: number, extra: Partial<IssuedInvoice> = {}): IssuedInvoice {
  return { number: `2533200000${String(n).padStart(10, '0')}`, issuedAt, grossFen, buyerName: '杭州测试科技有限公司', ...extra };
}

/** A provider list of `all`, newest first, that answers `size` per page whatever size is asked. */
function listOf(all: IssuedInvoice[], size: number) {
  const asked: InvoiceQuery[] = [];
  const call = async (query: InvoiceQuery): Promise<Page<IssuedInvoice>> => {
    asked.push(query);
    const page = query.page ?? 1;
    return { items: all.slice((page - 1) * size, page * size), total: all.length, page, pageSize: size };
  };
  return { call, asked };
}

describe('reading a paged provider list', () => {
  it('walks pages by number until the total is read, whatever page size the provider keeps to', async () => {
    const all = Array.from({ length: 23 }, (_, i) => invoice(i + 1, '2025-10-02 10:00:00', 100));
    const list = listOf(all, 10);
    const read = await readPages(list.call, RANGE);
    expect(read.items.map((item) => item.number)).toEqual(all.map((item) => item.number));
    expect(list.asked.map((query) => query.page)).toEqual([1, 2, 3]);
    expect(list.asked[0]).toMatchObject({ ...RANGE, pageSize: 50 });
  });

  it('stops at the page cap and says how many matched', async () => {
    const all = Array.from({ length: 200 }, (_, i) => invoice(i + 1, '2025-10-02 10:00:00', 100));
    const read = await readPages(listOf(all, 10).call, RANGE);
    expect(read.items).toHaveLength(MAX_PROVIDER_PAGES * 10);
    expect(read.total).toBe(200);
  });

  it('takes an invoice once when a new one shifted the pages between two reads', async () => {
    const all = Array.from({ length: 12 }, (_, i) => invoice(i + 1, '2025-10-02 10:00:00', 100));
    const list = listOf(all, 10);
    const shifting = async (query: InvoiceQuery) => {
      if (query.page === 2) all.unshift(invoice(99, '2025-10-03 10:00:00', 100));
      return list.call(query);
    };
    const read = await readPages(shifting, RANGE);
    expect(new Set(read.items.map((item) => item.number)).size).toBe(read.items.length);
    expect(read.items).toHaveLength(12);
  });

  it('stops as soon as the caller has enough', async () => {
    const all = Array.from({ length: 30 }, (_, i) => invoice(i + 1, '2025-10-02 10:00:00', 100));
    const list = listOf(all, 10);
    await readPages(list.call, RANGE, (items) => items.some((item) => item.number === all[3]!.number));
    expect(list.asked).toHaveLength(1);
  });
});

describe('the listing of a range', () => {
  const blue = [invoice(1, '2025-10-02 09:00:00', 106000), invoice(3, '2025-10-05 12:00:00', 53000)];
  const red = [invoice(2, '2025-10-03 10:00:00', 53000, { blueNumber: blue[0]!.number })];
  const listing = listingOf(RANGE, { items: blue, total: 2 }, { items: red, total: 1 });

  it('merges blue and red newest first, red with a negative total', () => {
    expect(listing.rows.map((row) => [row.colour, row.invoice.number.slice(-1), row.invoice.grossFen])).toEqual([
      ['blue', '3', 53000],
      ['red', '2', -53000],
      ['blue', '1', 106000],
    ]);
  });

  it('totals each colour and the net', () => {
    expect(listing.blue).toEqual({ count: 2, grossFen: 159000 });
    expect(listing.red).toEqual({ count: 1, grossFen: -53000 });
    expect(listing.netFen).toBe(106000);
    expect(listing.unread).toBe(0);
  });

  it('shows the totals and marks red and blue rows on the card', () => {
    const card = invoiceListCard(listing, 1, 'oc_chat');
    expect(card.fields).toEqual([
      { label: '蓝字发票', value: '2 张，合计 ¥1,590.00' },
      { label: '红字发票', value: '1 张，合计 -¥530.00' },
      { label: '净额（蓝字 + 红字）', value: '¥1,060.00' },
    ]);
    const rows = plainTextOf(card.body ?? []).split('\n');
    expect(rows[0]).toBe('1. 蓝字 25332000000000000003 · 2025-10-05 12:00 · 杭州测试科技有限公司 · ¥530.00');
    expect(rows[1]).toBe(
      '2. 红字 25332000000000000002 · 2025-10-03 10:00 · 杭州测试科技有限公司 · -¥530.00（冲 25332000000000000001）',
    );
    expect(card.buttons).toBeUndefined();
  });

  it('pages past 20 rows, with buttons that carry the chat, the range and the page', () => {
    const many = Array.from({ length: 45 }, (_, i) => invoice(i + 1, `2025-10-02 10:${String(i).padStart(2, '0')}:00`, 100));
    const big = listingOf(RANGE, { items: many, total: 45 }, { items: [], total: 0 });
    expect(pageCount(big)).toBe(3);
    const second = invoiceListCard(big, 2, 'oc_chat');
    const rows = plainTextOf(second.body ?? []).split('\n');
    expect(rows).toHaveLength(ROWS_PER_PAGE);
    expect(rows[0]).toMatch(/^21\. /u);
    expect(second.buttons?.map((button) => [button.text, button.value])).toEqual([
      ['上一页', { op: QUERY_PAGE_OP, chat: 'oc_chat', ...RANGE, page: '1' }],
      ['下一页', { op: QUERY_PAGE_OP, chat: 'oc_chat', ...RANGE, page: '3' }],
    ]);
    expect(second.note).toContain('第 2/3 页');
    expect(invoiceListCard(big, 3, 'oc_chat').buttons?.map((button) => button.text)).toEqual(['上一页']);
  });

  it('says when invoices past the page cap were left out', () => {
    const capped = listingOf(RANGE, { items: blue, total: 600 }, { items: red, total: 1 });
    expect(invoiceListCard(capped, 1, 'oc_chat').note).toContain('另有 598 张未列出、未计入合计');
  });

  it('keeps a buyer name as text', () => {
    const odd = listingOf(RANGE, { items: [invoice(1, '2025-10-02 09:00:00', 1, { buyerName: '<at id=all></at>**x**' })], total: 1 }, { items: [], total: 0 });
    expect(invoiceListCard(odd, 1, 'c').body).toContain('<at id=all></at>**x**');
  });
});

describe('the year a number was issued in', () => {
  it('is named by its first two digits, up to today', () => {
    expect(issueYearRange('25332000000456135731', '2025-10-15')).toEqual({ from: '2025-01-01', to: '2025-10-15' });
    expect(issueYearRange('24332000000456135731', '2025-10-15')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(issueYearRange('26332000000456135731', '2025-10-15')).toBeUndefined();
  });
});
