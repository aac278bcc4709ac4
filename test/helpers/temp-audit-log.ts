/** An audit log in a fresh temporary DATA_DIR for each test of a `describe`, closed and removed after it. */
import { afterEach, beforeEach } from 'vitest';
import { AuditLog } from '../../src/store/audit-log.js';
import { makeTempDir } from './temp-dir.js';

export interface TempAuditLog {
  readonly dir: string;
  readonly log: AuditLog;
  /** Closes the log and opens it again on the same directory, as a restart would. */
  reopen(): Promise<void>;
}

export function useTempAuditLog(): TempAuditLog {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let log: AuditLog;
  beforeEach(async () => {
    temp = await makeTempDir();
    log = await AuditLog.open(temp.dir);
  });
  afterEach(async () => {
    await log.close();
    await temp.remove();
  });
  return {
    get dir() {
      return temp.dir;
    },
    get log() {
      return log;
    },
    async reopen() {
      await log.close();
      log = await AuditLog.open(temp.dir);
    },
  };
}
