import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/db.js';
import { StoreClosedError, StoreDamagedError, StoreLockedError } from '../../../src/store/errors.js';
import { createInbox, DEDUPE_WINDOW_MS } from '../../../src/store/inbox.js';
import { createJobRepository, FINISHED_IN_MEMORY_MS } from '../../../src/store/jobs.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { makeJob as job, message } from './builders.js';

async function journalFiles(dir: string): Promise<string[]> {
  return (await readdir(path.join(dir, 'journal'))).sort();
}

describe('the journalled store', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const open: Store[] = [];
  async function openAt(options: Parameters<typeof openStore>[1] = {}): Promise<Store> {
    const store = await openStore(temp.dir, options);
    open.push(store);
    return store;
  }
  async function closeAll(): Promise<void> {
    for (const store of open.splice(0)) await store.close();
  }
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await closeAll();
    await temp.remove();
  });

  it('writes every change of one tick in one batch (group commit)', async () => {
    const store = await openAt();
    const table = store.table<{ n: number }>('things');
    const before = store.journalStats.flushes;
    await Promise.all(Array.from({ length: 100 }, (_, n) => table.put(`k${n}`, { n })));
    expect(store.journalStats.flushes - before).toBe(1);
    expect(store.journalStats.records).toBe(100);
  });

  it('reads back after a reopen, before and after a compaction, and drops covered segments a generation later', async () => {
    let store = await openAt();
    const jobs = createJobRepository(store);
    await jobs.create(job('a'));
    await jobs.transition('a', ['preview'], 'confirmed');
    await store.compact();
    await jobs.create(job('b'));
    await store.compact();
    await jobs.create(job('c'));
    await store.compact();
    await closeAll();

    // Segments older than the snapshot before the last are gone; state.json and its .bak are there.
    expect((await journalFiles(temp.dir)).length).toBeLessThanOrEqual(3);
    expect((await readdir(temp.dir)).filter((name) => name.startsWith('state.json'))).toEqual(['state.json', 'state.json.bak']);

    store = await openAt();
    const reopened = createJobRepository(store);
    expect(reopened.get('a')?.state).toBe('confirmed');
    expect(reopened.get('b')?.taskId).toBe('task-b');
    expect(reopened.get('c')).toBeDefined();
  });

  it('ends at the latest values when writes land while a snapshot is being serialised', async () => {
    let store = await openAt();
    const table = store.table<{ n: number }>('counters');
    await Promise.all(Array.from({ length: 3_000 }, (_, i) => table.put(`k${i}`, { n: 0 })));
    const compaction = store.compact();
    // While the snapshot yields between slices: change rows it has and has not reached yet, delete some, add some.
    const writes: Promise<void>[] = [];
    for (let round = 1; round <= 5; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < 3_000; i += 7) writes.push(table.put(`k${i}`, { n: round }));
      writes.push(table.delete(`k${round}`), table.put(`new${round}`, { n: round }));
    }
    await Promise.all([compaction, ...writes]);
    const expected = new Map([...table.entries()].map(([key, value]) => [key, value.n]));
    await closeAll();

    store = await openAt();
    const reopened = new Map([...store.table<{ n: number }>('counters').entries()].map(([key, value]) => [key, value.n]));
    expect(reopened).toEqual(expected);
    expect(reopened.get('k0')).toBe(5);
    expect(reopened.has('k3')).toBe(false);
  });

  it('keeps ids like __proto__ and constructor as plain keys', async () => {
    let store = await openAt();
    await createJobRepository(store).create(job('__proto__'));
    await createJobRepository(store).create(job('constructor'));
    await store.compact();
    await closeAll();
    store = await openAt();
    const jobs = createJobRepository(store);
    expect(jobs.get('__proto__')?.taskId).toBe('task-__proto__');
    expect(jobs.get('constructor')?.taskId).toBe('task-constructor');
    expect(jobs.get('toString')).toBeUndefined();
  });

  it('cuts off a torn last line (a crash before fdatasync) and keeps everything before it', async () => {
    const store = await openAt();
    await createJobRepository(store).create(job('kept'));
    await closeAll();
    const [segment] = await journalFiles(temp.dir);
    await appendFile(path.join(temp.dir, 'journal', segment!), '{"s":99,"t":"jobs","k":"torn","v":{"id":"to');

    const reopened = createJobRepository(await openAt());
    expect(reopened.get('kept')).toBeDefined();
    expect(reopened.get('torn')).toBeUndefined();
  });

  it('stops on a damaged line in the middle of the journal, naming the file and changing nothing', async () => {
    const store = await openAt();
    const jobs = createJobRepository(store);
    await jobs.create(job('a'));
    await jobs.create(job('b'));
    await closeAll();
    const file = path.join(temp.dir, 'journal', (await journalFiles(temp.dir))[0]!);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[0] = '{"s":1,"t":"jobs","k":"a","v":{"id":"a" GARBAGE';
    await writeFile(file, lines.join('\n'));
    const damaged = await readFile(file, 'utf8');

    const error = await openStore(temp.dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('第 1 行');
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });

  it('stops on a damaged snapshot, naming it and the last good copy beside it', async () => {
    const store = await openAt();
    await createJobRepository(store).create(job('a'));
    await store.compact();
    await store.compact();
    await closeAll();
    const file = path.join(temp.dir, 'state.json');
    await writeFile(file, '{"version":2,"seq":');

    const error = await openStore(temp.dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(`${file}.bak`);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });

  it('names no backup for a damaged snapshot that has none yet', async () => {
    const store = await openAt();
    await createJobRepository(store).create(job('a'));
    await store.compact();
    await closeAll();
    await writeFile(path.join(temp.dir, 'state.json'), '{');
    const error = await openStore(temp.dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect((error as Error).message).not.toContain('.bak');
  });

  it('lets one process hold DATA_DIR and names the holder to a second', async () => {
    await openAt();
    const error = await openStore(temp.dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreLockedError);
    expect((error as Error).message).toContain(`进程 ${process.pid}`);
    await closeAll();
    // Released on close: the next open succeeds.
    await openAt();
  });

  it('keeps its files private to the owner', async () => {
    const store = await openAt();
    await createJobRepository(store).create(job('a'));
    await store.compact();
    await closeAll();
    expect((await stat(temp.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(temp.dir, 'journal'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(temp.dir, 'state.json'))).mode & 0o777).toBe(0o600);
    for (const name of await journalFiles(temp.dir)) {
      expect((await stat(path.join(temp.dir, 'journal', name))).mode & 0o777).toBe(0o600);
    }
  });

  it('refuses a write after close instead of dropping it', async () => {
    const store = await openAt();
    const jobs = createJobRepository(store);
    await closeAll();
    await expect(jobs.create(job('late'))).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('moves finished jobs to the dated archive after a while, out of memory and off the snapshot', async () => {
    let clock = Date.UTC(2026, 10, 1, 2, 0, 0);
    let store = await openAt({ now: () => clock });
    let jobs = createJobRepository(store, () => clock);
    await jobs.create(job('done'));
    await jobs.transition('done', ['preview'], 'cancelled');
    await jobs.create(job('live'));
    clock += FINISHED_IN_MEMORY_MS + 1;
    await store.compact();

    expect(jobs.get('done')).toBeUndefined();
    expect(jobs.get('live')).toBeDefined();
    expect((await jobs.archivedOn('2026-11-01')).map((archived) => archived.id)).toEqual(['done']);
    await closeAll();
    store = await openAt({ now: () => clock });
    jobs = createJobRepository(store, () => clock);
    expect(jobs.get('done')).toBeUndefined();
    expect((await jobs.archivedOn('2026-11-01'))[0]?.state).toBe('cancelled');
  });
});

describe('the durable inbox', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.remove());

  it('hands back what was accepted and not done after a reopen, and nothing once done', async () => {
    let store = await openStore(temp.dir);
    let inbox = createInbox(store);
    expect(await inbox.accept(message('feishu:1'))).toBe(true);
    expect(await inbox.accept(message('feishu:2'))).toBe(true);
    await inbox.done('feishu:1');
    await store.close();

    store = await openStore(temp.dir);
    inbox = createInbox(store);
    expect(inbox.pending().map((inbound) => inbound.dedupeId)).toEqual(['feishu:2']);
    expect(await inbox.accept(message('feishu:2'))).toBe(false);
    await inbox.done('feishu:2');
    expect(inbox.pending()).toEqual([]);
    await store.close();
  });

  it('answers a duplicate only once the original is on disk', async () => {
    const store = await openStore(temp.dir);
    const inbox = createInbox(store);
    const order: string[] = [];
    await Promise.all([
      inbox.accept(message('feishu:same')).then((first) => order.push(`first:${first}`)),
      inbox.accept(message('feishu:same')).then((first) => order.push(`second:${first}`)),
    ]);
    expect(order).toEqual(['first:true', 'second:false']);
    await store.close();
  });

  it('forgets done ids after the dedupe window, never unfinished ones', async () => {
    let clock = 1_000_000;
    const store = await openStore(temp.dir, { now: () => clock });
    const inbox = createInbox(store, () => clock);
    await inbox.accept(message('feishu:old-done'));
    await inbox.done('feishu:old-done');
    await inbox.accept(message('feishu:old-pending'));
    clock += DEDUPE_WINDOW_MS + 1;
    await store.compact();
    expect(await inbox.accept(message('feishu:old-done'))).toBe(true);
    expect(await inbox.accept(message('feishu:old-pending'))).toBe(false);
    await store.close();
  });
});
