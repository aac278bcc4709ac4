import { afterEach, describe, expect, it } from 'vitest';
import { cronTimes } from '../../../src/flows/cron-times.js';
import { createScheduler, type Scheduler } from '../../../src/flows/scheduler.js';
import { createCronRunLog, type CronRunLog } from '../../../src/store/cron-runs.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { createTestClock, type TestClock } from '../../helpers/test-clock.js';

const MINUTE = 60_000;
/** Local time, as node-cron reads expressions without a timezone. */
const at = (hour: number, minute: number, second = 0) => new Date(2026, 2, 2, hour, minute, second).getTime();

describe('cronTimes: when a node-cron expression is next due, from any instant', () => {
  const next = (expression: string, after: number) => {
    const times = cronTimes(expression);
    try {
      return times.next(after);
    } finally {
      times.dispose();
    }
  };

  it('finds the next time strictly after the instant', () => {
    expect(next('*/5 * * * *', at(10, 2, 30))).toBe(at(10, 5));
    expect(next('*/5 * * * *', at(10, 5))).toBe(at(10, 10));
    expect(next('*/5 * * * *', at(23, 58))).toBe(new Date(2026, 2, 3, 0, 0).getTime());
  });

  it('takes a sixth, leading seconds field', () => {
    expect(next('*/20 * * * * *', at(10, 0, 41))).toBe(at(10, 1, 0));
    expect(next('* * * * * *', at(10, 0, 41))).toBe(at(10, 0, 42));
  });

  it('walks days, weekdays and node-cron’s own tokens', () => {
    // 2026-03-02 is a Monday.
    expect(next('30 8 * * 1-5', at(9, 0))).toBe(new Date(2026, 2, 3, 8, 30).getTime());
    expect(next('0 9 * * 6', at(9, 0))).toBe(new Date(2026, 2, 7, 9, 0).getTime());
    expect(next('0 9 L * *', at(9, 0))).toBe(new Date(2026, 2, 31, 9, 0).getTime());
    expect(next('0 9 * * 1#2', at(9, 0))).toBe(new Date(2026, 2, 9, 9, 0).getTime());
    expect(next('0 0 29 2 *', at(9, 0))).toBe(new Date(2028, 1, 29, 0, 0).getTime());
  });
});

/** A run log in memory, as the store keeps it, with every mark it was given. */
function makeRunLog(): CronRunLog & { marks: Array<[string, number]> } {
  const until = new Map<string, number>();
  const marks: Array<[string, number]> = [];
  return {
    marks,
    handledUntil: (name) => until.get(name),
    async handled(name, time) {
      marks.push([name, time]);
      until.set(name, Math.max(time, until.get(name) ?? -Infinity));
    },
  };
}

describe('the scheduler: one owner of timers and cron tasks, on an injected clock', () => {
  let clock: TestClock;
  let scheduler: Scheduler | undefined;
  const errors: unknown[] = [];
  const start = (cronRuns: CronRunLog = makeRunLog()) =>
    (scheduler = createScheduler({ clock, cronRuns, onError: (_key, error) => errors.push(error) }));

  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    errors.length = 0;
  });

  it('runs a keyed timer when the clock reaches it; the same key again replaces it, cancel drops it', async () => {
    clock = createTestClock({ start: at(10, 0), frozen: true });
    const s = start();
    const ran: string[] = [];
    s.schedule('job:1', 5_000, async () => void ran.push('first'));
    s.schedule('job:1', 10_000, async () => void ran.push('second'));
    s.schedule('job:2', 1_000, async () => void ran.push('cancelled'));
    s.cancel('job:2');
    clock.advance(9_999);
    await s.idle();
    expect(ran).toEqual([]);
    clock.advance(1);
    await s.idle();
    expect(ran).toEqual(['second']);
    expect(clock.pending()).toBe(0);
  });

  it('runs a cron task at each time it names, and records each time once it has run', async () => {
    clock = createTestClock({ start: at(10, 2), frozen: true });
    const log = makeRunLog();
    const s = start(log);
    const ranAt: number[] = [];
    s.cron('check', '*/5 * * * *', async () => void ranAt.push(clock.now()));
    await s.idle();
    // First start: nothing was missed; times count from now.
    expect(log.marks).toEqual([['check', at(10, 2)]]);
    clock.advance(3 * MINUTE);
    await s.idle();
    clock.advance(5 * MINUTE);
    await s.idle();
    expect(ranAt).toEqual([at(10, 5), at(10, 10)]);
    expect(log.handledUntil('check')).toBe(at(10, 10));
    // A long jump runs it once, not once per time jumped over.
    clock.advance(60 * MINUTE);
    await s.idle();
    expect(ranAt).toHaveLength(3);
  });

  it('skips a time that comes while the last run is still busy', async () => {
    clock = createTestClock({ start: at(10, 0), frozen: true });
    const skipped: number[] = [];
    const s = createScheduler({
      clock,
      cronRuns: makeRunLog(),
      onError: (_key, error) => errors.push(error),
      onSkipped: (_name, time) => skipped.push(time),
    });
    scheduler = s;
    let release!: () => void;
    let runs = 0;
    s.cron('slow', '* * * * *', async () => {
      runs += 1;
      await new Promise<void>((resolve) => (release = resolve));
    });
    clock.advance(MINUTE);
    clock.advance(MINUTE);
    expect(runs).toBe(1);
    expect(skipped).toEqual([at(10, 2)]);
    release();
    await s.idle();
  });

  it('a failing task is reported and the schedule goes on', async () => {
    clock = createTestClock({ start: at(10, 0), frozen: true });
    const s = start();
    let runs = 0;
    s.cron('flaky', '* * * * *', async () => {
      runs += 1;
      throw new Error(`run ${runs}`);
    });
    clock.advance(MINUTE);
    await s.idle();
    clock.advance(MINUTE);
    await s.idle();
    expect(runs).toBe(2);
    expect(errors.map(String)).toEqual(['Error: run 1', 'Error: run 2']);
  });

  it('stop() cancels every timer and cron task and waits for the run under way', async () => {
    clock = createTestClock({ start: at(10, 0), frozen: true });
    const s = start();
    let finished = false;
    let runs = 0;
    s.cron('check', '* * * * *', async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    });
    s.schedule('job:1', MINUTE, async () => void (runs += 100));
    s.schedule('job:2', 1_000, async () => void (runs += 1000));
    clock.advance(1_000);
    await s.idle();
    expect(runs).toBe(1000);
    // 10:01: the cron run and job:1.
    clock.advance(59_000);
    const stopping = s.stop();
    expect(clock.pending()).toBe(0);
    await stopping;
    expect(finished).toBe(true);
    // Nothing more runs, nor can be scheduled.
    s.schedule('job:3', 0, async () => void (runs += 10_000));
    clock.advance(10 * MINUTE);
    await s.idle();
    expect(runs).toBe(1101);
  });
});

describe('the scheduler across restarts: the store remembers the last run', () => {
  let store: Store | undefined;
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await store?.close();
    await remove?.();
  });

  /** Opens the data directory, runs a cron task there while the clock makes `moves`, and closes everything. */
  async function runBot(dir: string, clock: TestClock, moves: number[], ranAt: number[]): Promise<void> {
    store = await openStore(dir);
    const errors: unknown[] = [];
    const scheduler = createScheduler({ clock, cronRuns: createCronRunLog(store), onError: (_key, error) => errors.push(error) });
    scheduler.cron('expiry-check', '*/5 * * * *', async () => void ranAt.push(clock.now()));
    await scheduler.idle();
    for (const ms of moves) {
      clock.advance(ms);
      await scheduler.idle();
    }
    await scheduler.stop();
    await store.close();
    store = undefined;
    expect(errors).toEqual([]);
  }

  it('does not run a time that was done again, and makes up once for one missed while down', async () => {
    const temp = await makeTempDir('fapiao-scheduler-');
    remove = temp.remove;
    const clock = createTestClock({ start: at(10, 2), frozen: true });
    const ranAt: number[] = [];

    await runBot(temp.dir, clock, [3 * MINUTE], ranAt);
    expect(ranAt).toEqual([at(10, 5)]);

    // Back a minute later: 10:05 was done, 10:10 is not due yet.
    clock.advance(MINUTE);
    await runBot(temp.dir, clock, [], ranAt);
    expect(ranAt).toEqual([at(10, 5)]);

    // Down over 10:10, 10:15 and 10:20: one run on start, then the times as usual.
    clock.advance(15 * MINUTE);
    await runBot(temp.dir, clock, [4 * MINUTE], ranAt);
    expect(ranAt).toEqual([at(10, 5), at(10, 21), at(10, 25)]);
  });
});
