/**
 * A clock tests move: `advance` jumps it forward and rings every alarm that came due, so a test never waits for a
 * cron time or a long timeout. Running (the default), it also follows real time, so the short polls of the bot's
 * workflows go on as usual; frozen, only `advance` moves it (unit tests of the scheduler).
 */
import type { Clock } from '../../src/clock.js';

export interface TestClock extends Clock {
  /** Moves the clock forward by `ms`; the alarms now due ring, in time order, before it returns. */
  advance(ms: number): void;
  /** Alarms set and not yet rung. */
  pending(): number;
}

interface Alarm {
  at: number;
  fire: () => void;
  timer?: NodeJS.Timeout;
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function createTestClock({ start = Date.now(), frozen = false }: { start?: number; frozen?: boolean } = {}): TestClock {
  const realStart = Date.now();
  let offset = 0;
  const alarms = new Set<Alarm>();
  const now = () => start + offset + (frozen ? 0 : Date.now() - realStart);

  function arm(alarm: Alarm): void {
    clearTimeout(alarm.timer);
    alarm.timer = undefined;
    const delay = Math.max(0, alarm.at - now());
    if (frozen && delay > 0) return;
    alarm.timer = setTimeout(() => {
      if (now() < alarm.at) return arm(alarm);
      alarms.delete(alarm);
      alarm.fire();
    }, Math.min(delay, MAX_TIMEOUT_MS));
    alarm.timer.unref();
  }

  return {
    now,
    alarm(at, fire) {
      const alarm: Alarm = { at, fire };
      alarms.add(alarm);
      arm(alarm);
      return () => {
        clearTimeout(alarm.timer);
        alarms.delete(alarm);
      };
    },
    advance(ms) {
      offset += ms;
      // Due alarms ring before advance returns, so whatever they start is under way when the test goes on.
      const due = [...alarms].filter((alarm) => alarm.at <= now()).sort((a, b) => a.at - b.at);
      for (const alarm of alarms) if (!due.includes(alarm)) arm(alarm);
      for (const alarm of due) {
        clearTimeout(alarm.timer);
        if (alarms.delete(alarm)) alarm.fire();
      }
    },
    pending: () => alarms.size,
  };
}
