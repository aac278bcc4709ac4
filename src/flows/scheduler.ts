/**
 * One timer per key (a job, an account's face auth): scheduling a key again replaces its timer, so a job is never
 * polled by two loops at once. Timers do not keep the process alive; a restart re-creates them from the store.
 */
export interface Scheduler {
  schedule(key: string, delayMs: number, task: () => Promise<void>): void;
  cancel(key: string): void;
  /** Stops every timer and waits for the tasks already running. */
  stop(): Promise<void>;
}

export function createScheduler(onError: (key: string, error: unknown) => void): Scheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  return {
    schedule(key, delayMs, task) {
      if (stopped) return;
      clearTimeout(timers.get(key));
      const timer = setTimeout(() => {
        timers.delete(key);
        const run = task()
          .catch((error: unknown) => onError(key, error))
          .finally(() => running.delete(run));
        running.add(run);
      }, delayMs);
      timer.unref();
      timers.set(key, timer);
    },
    cancel(key) {
      clearTimeout(timers.get(key));
      timers.delete(key);
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
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
