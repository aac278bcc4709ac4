/**
 * The bot's one owner of timers: keyed one-shot timers (job polls, watchers, face-auth polls) and cron tasks (the
 * confirmation check, the expiry check), all on one injectable clock, all stopped by `stop()`.
 *
 * One timer per key: scheduling a key again replaces its timer, so a job is never polled by two loops at once. Timers
 * do not keep the process alive; a restart re-creates them from the store.
 *
 * A cron task runs at every time its node-cron expression names, one run at a time (a time that comes while the last
 * run is still busy is skipped). When a run ends, the store records that its time was handled; on start, a task
 * whose next time passed while the bot was down runs once at once, and one that was handled waits for its next time.
 * A run cut short by a crash runs again on start: cron tasks must be safe to repeat.
 */
import type { Clock } from '../clock.js';
import type { CronRunLog } from '../store/cron-runs.js';
import { cronTimes, type CronTimes } from './cron-times.js';

export interface Scheduler {
  schedule(key: string, delayMs: number, task: () => Promise<void>): void;
  cancel(key: string): void;
  /** Runs `task` at every time `expression` (node-cron syntax, checked by config) names; `name` keys its record. */
  cron(name: string, expression: string, task: () => Promise<void>): void;
  /** Stops every timer and cron task and waits for the tasks already running. */
  stop(): Promise<void>;
  /** Resolves once no task is running (tests: the runs a move of the clock started have finished). */
  idle(): Promise<void>;
}

export interface SchedulerOptions {
  clock: Clock;
  cronRuns: CronRunLog;
  onError(key: string, error: unknown): void;
  /** A cron time skipped because the previous run was still busy. */
  onSkipped?(name: string, at: number): void;
}

export function createScheduler({ clock, cronRuns, onError, onSkipped }: SchedulerOptions): Scheduler {
  const alarms = new Map<string, () => void>();
  const running = new Set<Promise<void>>();
  const crons: CronTimes[] = [];
  let stopped = false;

  /** Runs `work` now, tracked so that stop() waits for it; its failure goes to onError. */
  function track(key: string, work: () => Promise<void>): Promise<void> {
    const run = work()
      .catch((error: unknown) => onError(key, error))
      .finally(() => running.delete(run));
    running.add(run);
    return run;
  }

  function setAlarm(key: string, at: number, fire: () => void): void {
    if (stopped) return;
    alarms.get(key)?.();
    const cancel = clock.alarm(at, () => {
      if (alarms.get(key) !== cancel) return;
      alarms.delete(key);
      fire();
    });
    alarms.set(key, cancel);
  }

  function cron(name: string, expression: string, task: () => Promise<void>): void {
    if (stopped) return;
    const times = cronTimes(expression);
    crons.push(times);
    const key = `cron:${name}`;
    let busy = false;

    const runFor = (dueAt: number) => {
      armNext(Math.max(dueAt, clock.now()));
      if (busy) return onSkipped?.(name, dueAt);
      busy = true;
      void track(key, async () => {
        try {
          await task();
        } finally {
          busy = false;
        }
        await cronRuns.handled(name, dueAt);
      });
    };
    const armNext = (after: number) => {
      const dueAt = times.next(after);
      setAlarm(key, dueAt, () => runFor(dueAt));
    };

    const now = clock.now();
    const handledUntil = cronRuns.handledUntil(name);
    if (handledUntil === undefined) {
      // First start: nothing was missed; from now on every time counts.
      void track(key, () => cronRuns.handled(name, now));
      armNext(now);
    } else if (times.next(handledUntil) <= now) {
      runFor(now);
    } else {
      armNext(handledUntil);
    }
  }

  return {
    schedule(key, delayMs, task) {
      setAlarm(key, clock.now() + delayMs, () => void track(key, task));
    },
    cancel(key) {
      alarms.get(key)?.();
      alarms.delete(key);
    },
    cron,
    async stop() {
      stopped = true;
      for (const cancel of alarms.values()) cancel();
      alarms.clear();
      for (const times of crons.splice(0)) times.dispose();
      await Promise.allSettled([...running]);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** Poll delays: start fast (the bureau often answers in seconds), back off to a ceiling. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export function backoffDelay(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, Math.round(backoff.initialMs * backoff.factor ** Math.max(0, attempt)));
}
