/**
 * Calendar days written `YYYY-MM-DD`, with no time and no zone: what a person types for a query range and what the
 * providers take as `kprqq` / `kprqz`. "Today" in China time comes from `formatChinaDate` (china-time.ts).
 */

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a real `YYYY-MM-DD` day; undefined when malformed or not a real date (2025-02-30). */
function dayIndex(day: string): number | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [, year, month, date] = match;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(date));
  // Date.UTC rolls 02-30 over to 03-02: a real date reads back the same.
  return new Date(utc).toISOString().slice(0, 10) === day ? utc / DAY_MS : undefined;
}

export function isCalendarDay(text: string): boolean {
  return dayIndex(text) !== undefined;
}

/** How many days `from` to `to` covers, both included (same day → 1); both must be real days. */
export function daysInclusive(from: string, to: string): number {
  const start = dayIndex(from);
  const end = dayIndex(to);
  if (start === undefined || end === undefined) throw new RangeError(`not calendar days: ${from}, ${to}`);
  return end - start + 1;
}

/** The first day of the month `day` falls in. */
export function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}
