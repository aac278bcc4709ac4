import { PAGE_PARAM, formatJumdataDate } from '../../jumdata/wire.js';
import { badParameter, type Params, type Reply } from '../endpoint.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface DateRange {
  from: string;
  to: string;
}

/** kprqq / kprqz, `yyyy-MM-dd`, both required, inclusive. */
export function dateRangeOf(params: Params): DateRange | Reply {
  const from = params.kprqq ?? '';
  const to = params.kprqz ?? '';
  if (!DATE.test(from)) return badParameter('kprqq 格式应为 yyyy-MM-dd');
  if (!DATE.test(to)) return badParameter('kprqz 格式应为 yyyy-MM-dd');
  if (from > to) return badParameter('kprqq 不能晚于 kprqz');
  return { from, to };
}

/** Whether an issue time falls within the range, by its China-time date. */
export function inRange(range: DateRange, kprq: number): boolean {
  const day = formatJumdataDate(kprq);
  return day >= range.from && day <= range.to;
}

export interface Paging {
  number: number;
  size: number;
}

export function pagingOf(params: Params, defaultSize: number): Paging | Reply {
  const number = positiveInteger(params[PAGE_PARAM.number], 1);
  if (number === undefined) return badParameter(`${PAGE_PARAM.number} 应为正整数`);
  const size = positiveInteger(params[PAGE_PARAM.size], defaultSize);
  if (size === undefined) return badParameter(`${PAGE_PARAM.size} 应为正整数`);
  return { number, size };
}

/** The document's list shape: lower-case pagenumber / pagesize. */
export function pageOf<T>(items: T[], paging: Paging) {
  const start = (paging.number - 1) * paging.size;
  return {
    pagenumber: paging.number,
    pagesize: paging.size,
    total: items.length,
    list: items.slice(start, start + paging.size),
  };
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'code' in value;
}

function positiveInteger(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}
