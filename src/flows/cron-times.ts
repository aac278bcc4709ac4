/**
 * The times a node-cron expression names, counted from any instant rather than from the wall clock: node-cron's own
 * scheduler only looks at `new Date()`, so an injected clock could not drive it. node-cron still decides every match
 * (its parser for the lists, its matcher for each candidate, `L` and `1#2` included); this file only walks the
 * candidates in order. Times are local, as node-cron's are without a timezone.
 */
import { createTask, parse, type ParsedFields } from 'node-cron';

export interface CronTimes {
  readonly expression: string;
  /** The first time after `after` (ms) that the expression names. */
  next(after: number): number;
  /** Releases node-cron's record of the (never started) matcher task. */
  dispose(): void;
}

/** node-cron looks this far ahead too; `0 0 29 2 1` (a Monday the 29th of February) can be decades away. */
const MAX_DAYS = 366 * 100;

const numbers = (values: ReadonlyArray<number | string>): number[] | undefined =>
  values.every((value) => typeof value === 'number') ? (values as number[]) : undefined;

/** Throws on an expression node-cron does not accept (config.ts has checked it at start-up). */
export function cronTimes(expression: string): CronTimes {
  const fields: ParsedFields = parse(expression);
  const matcher = createTask(expression, () => undefined);
  const seconds = [...fields.second].sort((a, b) => a - b);
  const minutes = [...fields.minute].sort((a, b) => a - b);
  const hours = [...fields.hour].sort((a, b) => a - b);
  // Plain lists let whole days be skipped; tokens such as `L` or `1#2` leave the day to the matcher.
  const months = numbers(fields.month);
  const daysOfMonth = numbers(fields.dayOfMonth);
  const weekdays = numbers(fields.dayOfWeek)?.map((day) => day % 7);

  function dayMayMatch(day: Date): boolean {
    if (months && !months.includes(day.getMonth() + 1)) return false;
    if (daysOfMonth && !daysOfMonth.includes(day.getDate())) return false;
    return !weekdays || weekdays.includes(day.getDay());
  }

  function firstOnDay(day: Date, after: number): number | undefined {
    const at = (hour: number, minute: number, second: number) =>
      new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, minute, second);
    for (const hour of hours) {
      if (at(hour, 59, 59).getTime() <= after) continue;
      for (const minute of minutes) {
        if (at(hour, minute, 59).getTime() <= after) continue;
        for (const second of seconds) {
          const candidate = at(hour, minute, second);
          if (candidate.getTime() > after && matcher.match(candidate)) return candidate.getTime();
        }
      }
    }
    return undefined;
  }

  return {
    expression,
    next(after) {
      const start = new Date(after);
      for (let offset = 0; offset < MAX_DAYS; offset += 1) {
        const day = new Date(start.getFullYear(), start.getMonth(), start.getDate() + offset);
        if (!dayMayMatch(day)) continue;
        const found = firstOnDay(day, after);
        if (found !== undefined) return found;
      }
      throw new Error(`cron expression "${expression}" names no time in the next ${MAX_DAYS} days`);
    },
    dispose() {
      void matcher.destroy();
    },
  };
}
