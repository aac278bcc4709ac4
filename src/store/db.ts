/**
 * The embedded store under DATA_DIR: tables held in memory, every change appended to a journal before its promise
 * resolves, and a snapshot (lowdb, written durably) that compaction refreshes in the background so the journal does
 * not grow without end. A write costs one journal line whatever the store holds; finished jobs move to dated archives
 * (see jobs.ts) and old dedupe ids fall out of the window (see inbox.ts) during maintenance.
 *
 * Nothing outside `store/` sees this: the rest of the bot uses the small repositories built on it, so a server
 * database can stand behind the same interfaces later.
 *
 *   DATA_DIR/fapiao-bot.lock/   one writer (lock.ts)
 *   DATA_DIR/state.json(.bak)   the last two snapshots
 *   DATA_DIR/journal/*.log      changes since the older snapshot
 *   DATA_DIR/archive/*.jsonl    finished jobs, by day
 */
import { access, chmod, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Logger } from 'pino';
import { DIR_MODE, JournalWriter } from './journal.js';
import { replayJournal } from './journal-replay.js';
import { importLegacyFile } from './legacy-import.js';
import { lockDataDir } from './lock.js';
import { SnapshotFile, type SnapshotDocument, type Tables } from './snapshot-file.js';
import { Table } from './table.js';

export const SCHEMA_VERSION = 2;

export interface StoreOptions {
  logger?: Logger;
  /** Journal bytes after which maintenance compacts (default 16 MiB). */
  compactAfterBytes?: number;
  /** Maintenance runs at least this often (default hourly), for archiving and the dedupe window. */
  maintenanceEveryMs?: number;
  now?: () => number;
}

export interface Store {
  readonly dir: string;
  /** Journal batches and records written since open. */
  readonly journalStats: { readonly flushes: number; readonly records: number };
  /** The table `name` (created empty the first time). */
  table<T>(name: string): Table<T>;
  /** Work every compaction does first (move finished jobs to archives, drop old dedupe ids). */
  onMaintenance(task: () => Promise<void>): void;
  /** Runs maintenance and writes a snapshot; the journal it covers is deleted one generation later. */
  compact(): Promise<void>;
  /** Whether the store still accepts writes (for /healthz). */
  isWritable(): Promise<boolean>;
  /** Flushes every accepted write and releases DATA_DIR; writes after this are refused with an error. */
  close(): Promise<void>;
}

const CHECK_EVERY_MS = 30_000;

function emptySnapshot(): SnapshotDocument {
  return { version: SCHEMA_VERSION, seq: 0, tables: new Map() };
}

export async function openStore(dataDir: string, options: StoreOptions = {}): Promise<Store> {
  const now = options.now ?? Date.now;
  const compactAfterBytes = options.compactAfterBytes ?? 16 * 1024 * 1024;
  const maintenanceEveryMs = options.maintenanceEveryMs ?? 3600_000;
  await mkdir(dataDir, { recursive: true, mode: DIR_MODE });
  await chmod(dataDir, DIR_MODE);
  const release = await lockDataDir(dataDir, (error) =>
    options.logger?.fatal({ err: error }, 'lost the DATA_DIR lock: another process may be writing'),
  );

  let journal: JournalWriter;
  let snapshotDb: Low<SnapshotDocument>;
  let rows: Tables;
  /** A table's rows, created empty the first time a record or a repository names it. */
  const rowsOf = (name: string) => rows.get(name) ?? rows.set(name, new Map()).get(name)!;
  try {
    snapshotDb = new Low<SnapshotDocument>(new SnapshotFile(path.join(dataDir, 'state.json')), emptySnapshot());
    await snapshotDb.read();
    rows = snapshotDb.data.tables;
    const replay = await replayJournal(path.join(dataDir, 'journal'), snapshotDb.data.seq, (record) => {
      if (record.v === null) rowsOf(record.t).delete(record.k);
      else rowsOf(record.t).set(record.k, record.v);
    });
    journal = await JournalWriter.open(path.join(dataDir, 'journal'), replay.lastSeq);
    const fresh = snapshotDb.data.seq === 0 && replay.replayed === 0;
    const setLegacyAside = fresh ? await importLegacyFile(dataDir, rowsOf) : undefined;
    if (setLegacyAside) {
      // A store from before the journal: what it held becomes the first snapshot before the old file is set aside.
      snapshotDb.data = { version: SCHEMA_VERSION, seq: journal.lastSeq, tables: rows };
      await snapshotDb.write();
      await setLegacyAside();
    }
  } catch (error) {
    await release();
    throw error;
  }

  const tables = new Map<string, Table<unknown>>();
  const maintenance: Array<() => Promise<void>> = [];
  let previousSnapshotSeq = snapshotDb.data.seq;
  let lastCompaction = now();
  let compacting: Promise<void> | undefined;
  let closed = false;

  async function runCompaction(): Promise<void> {
    for (const task of maintenance) await task();
    const seq = journal.rotate();
    // The live tables, serialised a slice at a time (see snapshot-file.ts for why rows newer than `seq` are fine).
    snapshotDb.data = { version: SCHEMA_VERSION, seq, tables: rows };
    await snapshotDb.write();
    await journal.deleteCovered(previousSnapshotSeq);
    previousSnapshotSeq = seq;
    lastCompaction = now();
  }

  function compact(): Promise<void> {
    compacting ??= runCompaction().finally(() => (compacting = undefined));
    return compacting;
  }

  const timer = setInterval(() => {
    if (closed) return;
    if (journal.bytesSinceRotation > compactAfterBytes || now() - lastCompaction > maintenanceEveryMs) {
      compact().catch((error: unknown) => options.logger?.error({ err: error }, 'store compaction failed'));
    }
  }, CHECK_EVERY_MS);
  timer.unref();

  return {
    dir: dataDir,
    journalStats: journal.stats,
    table<T>(name: string): Table<T> {
      let table = tables.get(name);
      if (!table) {
        table = new Table<unknown>(name, rowsOf(name), journal);
        tables.set(name, table);
      }
      return table as Table<T>;
    },
    onMaintenance(task) {
      maintenance.push(task);
    },
    compact,
    async isWritable() {
      if (closed || !journal.writable) return false;
      try {
        await access(dataDir, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await compacting?.catch(() => undefined);
      await journal.close();
      await release();
    },
  };
}
