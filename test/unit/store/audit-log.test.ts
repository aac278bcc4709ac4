import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreClosedError } from '../../../src/store/errors.js';
import { AuditLog, chinaIsoTime } from '../../../src/store/audit-log.js';
import { useTempAuditLog } from '../../helpers/temp-audit-log.js';

/** 2025-10-15 23:59:59.500 in China time, half a second before the next China-time day. */
const LATE = Date.parse('2025-10-15T15:59:59.500Z');

describe('the audit log', () => {
  const temp = useTempAuditLog();
  const fileOf = (day: string) => path.join(temp.dir, AuditLog.fileOf(day));
  const read = (day: string) => readFile(fileOf(day), 'utf8');

  it('stamps each line with the China-time instant and files it under that day', async () => {
    expect(chinaIsoTime(LATE)).toBe('2025-10-15T23:59:59.500+08:00');
    await temp.log.append(LATE, { kind: 'request', job: 'a' });
    await temp.log.append(LATE + 1_000, { kind: 'decision', job: 'a' });
    expect(await read('2025-10-15')).toBe('{"at":"2025-10-15T23:59:59.500+08:00","kind":"request","job":"a"}\n');
    expect(await read('2025-10-16')).toBe('{"at":"2025-10-16T00:00:00.500+08:00","kind":"decision","job":"a"}\n');
  });

  it('keeps the order of appends made in one tick, across a change of day, and has them on disk when they resolve', async () => {
    const appends = Array.from({ length: 50 }, (_, n) => temp.log.append(LATE + n * 20, { n }));
    await Promise.all(appends);
    const numbers = async (day: string) => (await read(day)).trim().split('\n').map((line) => (JSON.parse(line) as { n: number }).n);
    const first = await numbers('2025-10-15');
    expect([...first, ...(await numbers('2025-10-16'))]).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(first).toHaveLength(25);
  });

  it('is readable by its owner only', async () => {
    await temp.log.append(LATE, { kind: 'request' });
    expect((await stat(fileOf('2025-10-15'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(temp.dir, 'audit'))).mode & 0o777).toBe(0o700);
  });

  it('only ever appends: a reopened log leaves the earlier bytes as they were', async () => {
    await temp.log.append(LATE, { kind: 'request', job: 'a' });
    const before = await read('2025-10-15');
    await temp.reopen();
    await temp.log.append(LATE, { kind: 'outcome', job: 'a' });
    const after = await read('2025-10-15');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toContain('"kind":"outcome"');
  });

  it('reads a day back in order, lines appended a moment ago included, and counts lines it cannot read', async () => {
    await temp.log.append(LATE, { n: 1 });
    // A crash cut a line short: the next line starts on its own line and both whole lines read back.
    await appendFile(fileOf('2025-10-15'), '{"at":"2025-10-15T23:59:59.500+08:00","n":');
    await temp.reopen();
    void temp.log.append(LATE, { n: 2 });
    const day = await temp.log.day('2025-10-15');
    expect(day.lines.map((line) => line.n)).toEqual([1, 2]);
    expect(day.unreadable).toBe(1);
    expect(await temp.log.day('2025-10-14')).toEqual({ lines: [], unreadable: 0 });
  });

  it('fails an append it could not write, and writes the next one', async () => {
    await rm(path.join(temp.dir, 'audit'), { recursive: true });
    await writeFile(path.join(temp.dir, 'audit'), 'not a directory');
    await expect(temp.log.append(LATE, { n: 1 })).rejects.toThrow();
    await rm(path.join(temp.dir, 'audit'));
    await mkdir(path.join(temp.dir, 'audit'));
    await temp.log.append(LATE, { n: 2 });
    expect((await temp.log.day('2025-10-15')).lines.map((line) => line.n)).toEqual([2]);
  });

  it('refuses appends once closed', async () => {
    await temp.log.close();
    await expect(temp.log.append(LATE, { n: 1 })).rejects.toBeInstanceOf(StoreClosedError);
  });
});
