/**
 * One writer per DATA_DIR: a lock (proper-lockfile: an atomic mkdir whose mtime the holder keeps fresh) with an
 * owner file naming the holder. A second process gets `StoreLockedError` naming the holder. A lock left by a process
 * that died on this host (SIGKILL, power loss of a container) is taken over at once instead of after the stale
 * timeout, so a restart right after a crash is not refused.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { formatChinaTime } from '../china-time.js';
import { StoreLockedError } from './errors.js';
import { FILE_MODE } from './journal.js';

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

export type ReleaseLock = () => Promise<void>;

const LOCK_NAME = 'fapiao-bot.lock';
/** Beside the lock, not in it: a write inside would change the lock's mtime, which proper-lockfile owns. */
const OWNER_FILE = 'fapiao-bot.lock.owner.json';

export async function lockDataDir(dataDir: string, onCompromised: (error: Error) => void): Promise<ReleaseLock> {
  const lockPath = path.join(dataDir, LOCK_NAME);
  const ownerFile = path.join(dataDir, OWNER_FILE);
  const options: lockfile.LockOptions = {
    lockfilePath: lockPath,
    realpath: false,
    stale: 30_000,
    update: 10_000,
    retries: 0,
    onCompromised,
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = await readOwner(ownerFile);
    if (!owner || isAlive(owner)) throw new StoreLockedError(dataDir, describe(owner));
    // The holder is gone: its lock is a leftover of a crash. Its owner file goes first, so that a process starting
    // at the same moment finds no dead owner to take over from and is refused.
    await rm(ownerFile, { force: true });
    await rm(lockPath, { recursive: true, force: true });
    release = await lockfile.lock(dataDir, options);
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: Date.now() };
  await writeFile(ownerFile, JSON.stringify(owner), { mode: FILE_MODE });
  return async () => {
    await release();
    await rm(ownerFile, { force: true });
  };
}

async function readOwner(ownerFile: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(ownerFile, 'utf8')) as LockOwner;
  } catch {
    // Just created, not yet named: treat the holder as alive.
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  // Our own pid from before this process started is a previous life (a container restarted as pid 1).
  if (owner.pid === process.pid) return owner.since >= Date.now() - process.uptime() * 1000;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(owner: LockOwner | undefined): string {
  if (!owner) return '持有者正在启动';
  return `进程 ${owner.pid}，主机 ${owner.host}，自 ${formatChinaTime(owner.since)} 起`;
}
