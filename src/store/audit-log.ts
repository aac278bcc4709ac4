/**
 * The audit log: one JSON line per event, appended to `DATA_DIR/audit/audit-YYYY-MM-DD.jsonl` (the China-time day of the
 * event) and fdatasync'ed before `append` resolves. Lines added in one tick share one write (group commit), and go
 * to disk in the order they were added. The files are only ever opened for appending: nothing here rewrites,
 * truncates, compacts or deletes them, and store compaction does not know they exist.
 *
 * What a line says is the caller's business (see audit/); this file knows only `at` and the day it files under.
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { CHINA_OFFSET_MS } from '../china-time.js';
import { StoreClosedError } from './errors.js';
import { GroupCommit, joinRuns } from './group-commit.js';
import { DIR_MODE, FILE_MODE, writeAll } from './journal.js';

/** `2025-10-15T09:32:10.123+08:00`: ISO 8601 in China time, so the day a line is filed under is the one it shows. */
export function chinaIsoTime(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

export interface AuditDay {
  /** The day's lines, parsed, in the order they were written. */
  lines: Record<string, unknown>[];
  /** Lines that are not JSON (a write cut short by a crash or a full disk). */
  unreadable: number;
}

interface Pending {
  day: string;
  text: string;
}

export class AuditLog {
  private readonly commits = new GroupCommit<Pending>((batch) => this.writeBatch(batch));
  private current: { day: string; handle: FileHandle; torn: boolean } | undefined;
  private closed = false;

  private constructor(private readonly dataDir: string) {}

  /** The log under `dataDir` (the store's DATA_DIR, already created and locked by it). */
  static async open(dataDir: string): Promise<AuditLog> {
    await mkdir(path.join(dataDir, 'audit'), { recursive: true, mode: DIR_MODE });
    return new AuditLog(dataDir);
  }

  /** The file of `day`, relative to DATA_DIR: what an admin is told to look at. */
  static fileOf(day: string): string {
    return path.join('audit', `audit-${day}.jsonl`);
  }

  private pathOf(day: string): string {
    return path.join(this.dataDir, AuditLog.fileOf(day));
  }

  /** Appends `{at, ...fields}` as one line; resolves once it is on disk. `fields` is serialised now. */
  append(atMs: number, fields: Record<string, unknown>): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError('the audit log is closed'));
    const at = chinaIsoTime(atMs);
    return this.commits.add({ day: at.slice(0, 10), text: `${JSON.stringify({ at, ...fields })}\n` });
  }

  /** Every line filed under `day` (`YYYY-MM-DD`), including those appended a moment ago. */
  async day(day: string): Promise<AuditDay> {
    await this.commits.settle();
    let text: string;
    try {
      text = await readFile(this.pathOf(day), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], unreadable: 0 };
      throw error;
    }
    const read: AuditDay = { lines: [], unreadable: 0 };
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        read.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        read.unreadable += 1;
      }
    }
    return read;
  }

  /** Writes what is queued and closes the file; appends after this are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.commits.settle();
    await this.closeCurrent();
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      for (const [day, text] of joinRuns(batch, (pending) => pending.day)) {
        const current = await this.fileOfDay(day);
        // After a torn line, start a new one: the fragment stays unreadable, but it never swallows a whole line.
        await writeAll(current.handle, Buffer.from(current.torn ? `\n${text}` : text));
        current.torn = false;
        await current.handle.datasync();
      }
    } catch (error) {
      // Unlike the journal, later lines are still worth writing: the next batch reopens the file and looks at its end.
      await this.closeCurrent().catch(() => undefined);
      throw error;
    }
  }

  /** One open file at a time: the day being written. Its last line is torn when a crash or a failed write cut it. */
  private async fileOfDay(day: string): Promise<{ handle: FileHandle; torn: boolean }> {
    if (this.current?.day !== day) {
      await this.closeCurrent();
      const handle = await open(this.pathOf(day), 'a+', FILE_MODE);
      this.current = { day, handle, torn: await endsMidLine(handle) };
    }
    return this.current;
  }

  private async closeCurrent(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.handle.close();
  }
}

async function endsMidLine(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
