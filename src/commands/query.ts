/** 查询: the blue and red invoices of a date range in one card, and its 上一页 / 下一页 buttons. */
import type { ActionAnswer } from '../bot/platform.js';
import { formatChinaDate } from '../china-time.js';
import { invoiceListCard, pageCount, QUERY_PAGE_OP } from '../flows/invoice-list-card.js';
import { providerErrorText } from '../flows/provider-error-text.js';
import { parseQueryArgs, rangeProblem } from './query-args.js';
import { defineAction, defineCommand } from './registry.js';
import {
  PAGE_ELSEWHERE_TEXT,
  QUERY_EXAMPLE,
  queryFailedText,
  queryProblemsText,
  STALE_PAGE_TEXT,
} from './replies/query.js';
import type { BotServices } from './services.js';

export const queryCommand = defineCommand<BotServices>({
  name: '查询',
  aliases: ['query'],
  usage: '查询 [起始日期] [结束日期]（YYYY-MM-DD；不写日期为本月，只写起始日期为到今天，最长 366 天）',
  example: QUERY_EXAMPLE,
  summary: '列出日期范围内开具的蓝字和红字发票及合计（默认本月）',
  permission: 'allowed',
  async handler({ inbound, args, services }) {
    const { flowContext } = services;
    const parsed = parseQueryArgs(args, formatChinaDate(flowContext.now()));
    if (!parsed.ok) return queryProblemsText(parsed.problems);
    try {
      const listing = await services.invoiceQuery.read(inbound.chat, parsed.range);
      return { card: invoiceListCard(listing, 1, inbound.chat.chatId) };
    } catch (error) {
      flowContext.logger.warn({ err: error, range: parsed.range }, 'invoice query failed');
      return queryFailedText(providerErrorText(error));
    }
  },
});

const PAGE_NUMBER = /^[1-9]\d{0,5}$/u;

function toast(type: 'warning' | 'error', text: string): { answer: ActionAnswer } {
  return { answer: { toast: { type, text } } };
}

/**
 * A paging click replaces the card with that page. Its value is checked like anything a client sends: it must come
 * from the chat it names, and a range or page that no 查询 card could carry is a stale or forged button.
 */
export const queryPageAction = defineAction<BotServices>({
  op: QUERY_PAGE_OP,
  permission: 'allowed',
  async handler({ inbound, value, services }) {
    if (value.chat !== inbound.chat.chatId) return toast('error', PAGE_ELSEWHERE_TEXT);
    const range = { from: value.from ?? '', to: value.to ?? '' };
    const page = value.page ?? '';
    if (rangeProblem(range) !== undefined || !PAGE_NUMBER.test(page)) return toast('warning', STALE_PAGE_TEXT);
    try {
      const listing = await services.invoiceQuery.forPaging(inbound.chat, range);
      if (Number(page) > pageCount(listing)) return toast('warning', STALE_PAGE_TEXT);
      return { answer: { card: invoiceListCard(listing, Number(page), inbound.chat.chatId) } };
    } catch (error) {
      services.flowContext.logger.warn({ err: error, range }, 'invoice query for a page failed');
      return toast('error', queryFailedText(providerErrorText(error)));
    }
  },
});
