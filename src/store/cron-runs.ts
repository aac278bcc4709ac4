/**
 * How far each cron task of the scheduler got: the last time it was due and ran to the end (or the time it was first
 * registered). A restart then skips a run that was done and makes up, once, for one missed while the bot was down.
 */
import type { Store } from './db.js';

interface CronRun {
  /** Every time the task was due up to here has been handled. */
  handledUntil: number;
}

export interface CronRunLog {
  handledUntil(name: string): number | undefined;
  /** Moves the mark forward (never back); on disk when it resolves. */
  handled(name: string, until: number): Promise<void>;
}

export function createCronRunLog(store: Store): CronRunLog {
  const runs = store.table<CronRun>('cronRuns');
  return {
    handledUntil: (name) => runs.get(name)?.handledUntil,
    async handled(name, until) {
      const known = runs.get(name)?.handledUntil;
      if (known !== undefined && known >= until) return;
      await runs.put(name, { handledUntil: until });
    },
  };
}
