/**
 * Finished records moved out of memory: one append-only JSON-lines file per China-time day, never rewritten.
 * A record archived twice (a crash between the append and the snapshot that drops it) reads back once: the last
 * copy of an id wins.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatChinaDate } from '../china-time.js';
import { DIR_MODE, FILE_MODE } from './journal.js';

export class DatedArchive<T extends { id: string }> {
  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    /** The instant whose China-time day files the record. */
    private readonly instantOf: (record: T) => number,
  ) {}

  fileFor(day: string): string {
    return path.join(this.dir, `${this.prefix}-${day}.jsonl`);
  }

  /** Appends the records to their days' files; durable when it resolves. */
  async append(records: readonly T[]): Promise<void> {
    if (records.length === 0) return;
    await mkdir(this.dir, { recursive: true, mode: DIR_MODE });
    const byDay = new Map<string, string>();
    for (const record of records) {
      const day = formatChinaDate(this.instantOf(record));
      byDay.set(day, `${byDay.get(day) ?? ''}${JSON.stringify(record)}\n`);
    }
    for (const [day, lines] of byDay) {
      const handle = await open(this.fileFor(day), 'a', FILE_MODE);
      try {
        await handle.appendFile(lines);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    }
  }

  /** The records filed under `day` (yyyy-MM-dd). */
  async day(day: string): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(this.fileFor(day), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const latest = new Map<string, T>();
    for (const line of text.split('\n')) {
      if (!line) continue;
      const record = JSON.parse(line) as T;
      latest.set(record.id, record);
    }
    return [...latest.values()];
  }
}
