/**
 * `查询 [起始日期] [结束日期]` → a range of China-time calendar days, or every problem with what was typed.
 *
 * Decided where the contract is silent:
 * - No date: this month so far (the 1st to today). One date: from it to today.
 * - A day may be typed `2025-10-01`, `2025-10-1`, `2025/10/01`, `2025.10.01`, `20251001` or `2025年10月1日`; the two
 *   days may be joined by `至`, `到`, `~` or a comma (`2025-10-01~2025-10-31`).
 * - At most MAX_QUERY_DAYS days, both ends included: a whole (leap) year at once, and a bounded number of billed
 *   provider pages per query.
 */
import type { DateRange } from '../api/provider.js';
import { daysInclusive, firstOfMonth, isCalendarDay } from '../calendar-day.js';
import {
  dayFormatText,
  notARealDayText,
  rangeTooLongText,
  startAfterEndText,
  strayQueryWordsText,
} from './replies/query.js';
import type { ArgPair } from './tokenizer.js';

export const MAX_QUERY_DAYS = 366;

export type QueryArgsResult = { ok: true; range: DateRange } | { ok: false; problems: string[] };

const START_FIELD = '起始日期';
const END_FIELD = '结束日期';
const SEPARATED_DAY = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/u;
const RANGE_JOINERS = /[~～至到—–,，、]/u;

type DayRead = { ok: true; day: string } | { ok: false; problem: string };

/** One typed day → `YYYY-MM-DD`, or the problem named after `field`. */
export function readDay(field: string, typed: string): DayRead {
  const match = SEPARATED_DAY.exec(typed) ?? COMPACT_DAY.exec(typed);
  if (!match) return { ok: false, problem: dayFormatText(field, typed) };
  const [, year = '', month = '', date = ''] = match;
  const day = `${year}-${month.padStart(2, '0')}-${date.padStart(2, '0')}`;
  return isCalendarDay(day) ? { ok: true, day } : { ok: false, problem: notARealDayText(field, day) };
}

/** The rules a range obeys, whoever made it (typed, or carried back by a paging button); undefined when it does. */
export function rangeProblem(range: DateRange, endIsToday = false): string | undefined {
  if (!isCalendarDay(range.from)) return dayFormatText(START_FIELD, range.from);
  if (!isCalendarDay(range.to)) return dayFormatText(END_FIELD, range.to);
  if (range.from > range.to) return startAfterEndText(range.from, range.to, endIsToday);
  const days = daysInclusive(range.from, range.to);
  return days > MAX_QUERY_DAYS ? rangeTooLongText(MAX_QUERY_DAYS, range.from, range.to, days) : undefined;
}

/** `today` is the China-time day (`YYYY-MM-DD`) the defaults count from. */
export function parseQueryArgs(args: { positional: readonly string[]; pairs: readonly ArgPair[] }, today: string): QueryArgsResult {
  const stray = args.pairs.map((pair) => `${pair.rawKey}=${pair.value}`);
  const days = args.positional.flatMap((word) => word.split(RANGE_JOINERS)).filter((word) => word !== '');
  stray.push(...days.slice(2));
  if (stray.length > 0) return { ok: false, problems: [strayQueryWordsText(stray)] };

  const [startWord, endWord] = days;
  if (startWord === undefined) return { ok: true, range: { from: firstOfMonth(today), to: today } };
  const start = readDay(START_FIELD, startWord);
  const end: DayRead = endWord === undefined ? { ok: true, day: today } : readDay(END_FIELD, endWord);
  const problems = [start, end].flatMap((read) => (read.ok ? [] : [read.problem]));
  if (!start.ok || !end.ok) return { ok: false, problems };

  const range = { from: start.day, to: end.day };
  const problem = rangeProblem(range, endWord === undefined);
  return problem === undefined ? { ok: true, range } : { ok: false, problems: [problem] };
}
