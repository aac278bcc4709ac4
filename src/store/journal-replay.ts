/**
 * Reading the journal back at start-up. A torn last line of the newest segment is a write the crash interrupted
 * before its fdatasync returned, so nobody was told it happened: it is cut off. Any other unreadable line means the
 * file was damaged: start-up stops and names it, changing nothing.
 */
import { readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { StoreDamagedError } from './errors.js';
import { listSegments, segmentName, type JournalRecord } from './journal.js';

export interface ReplayResult {
  /** Highest seq seen (or `afterSeq` when nothing newer). */
  lastSeq: number;
  /** Records applied. */
  replayed: number;
}

const NEWLINE = 0x0a;

export async function replayJournal(
  dir: string,
  afterSeq: number,
  apply: (record: JournalRecord) => void,
): Promise<ReplayResult> {
  const segments = await listSegments(dir);
  let lastSeq = afterSeq;
  let replayed = 0;
  for (const [index, first] of segments.entries()) {
    const file = path.join(dir, segmentName(first));
    const newest = index === segments.length - 1;
    const bytes = await readFile(file);
    let start = 0;
    let line = 0;
    while (start < bytes.length) {
      line += 1;
      const end = bytes.indexOf(NEWLINE, start);
      const record = end === -1 ? undefined : parseRecord(bytes.subarray(start, end).toString('utf8'));
      if (!record) {
        const isTail = newest && (end === -1 || end === bytes.length - 1);
        if (!isTail) throw new StoreDamagedError(file, `第 ${line} 行无法读取`);
        await truncate(file, start);
        break;
      }
      if (record.s > lastSeq) {
        apply(record);
        lastSeq = record.s;
        replayed += 1;
      }
      start = end! + 1;
    }
  }
  return { lastSeq, replayed };
}

function parseRecord(text: string): JournalRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<JournalRecord>;
    if (typeof value.s === 'number' && typeof value.t === 'string' && typeof value.k === 'string' && 'v' in value) {
      return value as JournalRecord;
    }
  } catch {
    // fall through: not a record
  }
  return undefined;
}
