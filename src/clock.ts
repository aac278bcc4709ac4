/**
 * The bot's time: what time it is, and alarms set for a time. Production runs on the wall clock; tests inject a clock
 * they move forward, so a five-minute cron or a 60-minute wait is a call rather than a wait.
 */
export interface Clock {
  now(): number;
  /**
   * Calls `fire` once, when the clock reads `at` or later (never synchronously). Alarms do not keep the process
   * alive. Returns what cancels it.
   */
  alarm(at: number, fire: () => void): () => void;
}

/** setTimeout's longest delay (about 24.8 days); a later alarm waits in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Alarms on real timers, measured against `now` (default Date.now; the app's `now` override for older tests). */
export function wallClock(now: () => number = Date.now): Clock {
  return {
    now,
    alarm(at, fire) {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        const delay = Math.max(0, at - now());
        timer = setTimeout(delay > MAX_TIMEOUT_MS ? arm : fire, Math.min(delay, MAX_TIMEOUT_MS));
        timer.unref();
      };
      arm();
      return () => clearTimeout(timer);
    },
  };
}
