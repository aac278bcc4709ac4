/**
 * The audit trail as the rest of the bot sees it: `record` a line, read a `day`. Recording never fails the caller:
 * a job must not stop because the audit disk is full, so a failed write is logged as an error instead (it is
 * normally on disk before `record` resolves).
 */
import type { Logger } from 'pino';
import { AuditLog } from '../store/audit-log.js';
import { inFieldOrder, type AuditEntry, type AuditFields } from './entry.js';

export interface AuditDayRead {
  /** In the order they happened. */
  entries: AuditEntry[];
  /** Lines that could not be read (a write cut short). */
  unreadable: number;
  /** Where the day's file is, relative to DATA_DIR. */
  file: string;
}

export interface AuditTrail {
  record(fields: AuditFields): Promise<void>;
  day(day: string): Promise<AuditDayRead>;
}

export function createAuditTrail(log: AuditLog, now: () => number, logger: Logger): AuditTrail {
  return {
    async record(fields) {
      try {
        await log.append(now(), inFieldOrder(fields));
      } catch (error) {
        logger.error({ err: error, kind: fields.kind, job: fields.job }, 'audit log write failed; the job goes on');
      }
    },
    async day(day) {
      const read = await log.day(day);
      return { entries: read.lines as unknown as AuditEntry[], unreadable: read.unreadable, file: AuditLog.fileOf(day) };
    },
  };
}
