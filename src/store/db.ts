/**
 * The embedded store: one JSON file under DATA_DIR, written atomically (steno: temp file + rename).
 * Nothing outside `store/` touches lowdb; the rest of the bot sees the small repositories built on it,
 * so a PostgreSQL store can replace this one behind the same interfaces.
 */
import { mkdir, access, constants } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { JobRecord } from './jobs.js';
import type { AccountSession } from './sessions.js';

export const SCHEMA_VERSION = 1;

export interface StoreData {
  version: number;
  /** Delivery id → when it was first seen (ms). */
  deliveries: Record<string, number>;
  jobs: Record<string, JobRecord>;
  /** Account key → what we know of its bureau session. */
  sessions: Record<string, AccountSession>;
}

function emptyData(): StoreData {
  return { version: SCHEMA_VERSION, deliveries: {}, jobs: {}, sessions: {} };
}

/** Upgrades older files in place; each step takes the data one version further. */
function migrate(data: Partial<StoreData>): StoreData {
  const fresh = emptyData();
  return { ...fresh, ...data, version: SCHEMA_VERSION };
}

export interface Store {
  readonly data: StoreData;
  /** Persists the current data. Every state change is written before the side effect it leads to. */
  write(): Promise<void>;
  /** Whether the store's directory accepts writes (for /healthz). */
  isWritable(): Promise<boolean>;
  /** Waits for pending writes; later writes are dropped, as if the process had stopped. */
  close(): Promise<void>;
}

export async function openStore(dataDir: string): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'fapiao-bot.json');
  const db = new Low<StoreData>(new JSONFile<StoreData>(file), emptyData());
  await db.read();
  db.data = migrate(db.data);
  await db.write();
  let closed = false;
  let lastWrite: Promise<void> = Promise.resolve();
  return {
    get data() {
      return db.data;
    },
    write() {
      if (closed) return Promise.resolve();
      lastWrite = db.write();
      return lastWrite;
    },
    async close() {
      closed = true;
      await lastWrite.catch(() => undefined);
    },
    async isWritable() {
      try {
        await access(dataDir, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}
