import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditTrail } from '../../../src/audit/trail.js';
import { createLogger } from '../../../src/logger.js';
import { capturedLog } from '../../helpers/captured-log.js';
import { useTempAuditLog } from '../../helpers/temp-audit-log.js';

const AT = Date.parse('2025-10-15T01:32:10.000Z');

describe('the audit trail', () => {
  const temp = useTempAuditLog();
  const logged = capturedLog();

  it('writes what happened and to whom first, whatever order the fields came in', async () => {
    const trail = createAuditTrail(temp.log, () => AT, createLogger('silent'));
    await trail.record({ grossFen: 106_000, to: 'confirmed', from: 'preview', user: { id: 'ou_1' }, job: 'a', kind: 'decision' });
    const text = await readFile(path.join(temp.dir, 'audit', 'audit-2025-10-15.jsonl'), 'utf8');
    expect(text).toBe(
      '{"at":"2025-10-15T09:32:10.000+08:00","kind":"decision","job":"a","user":{"id":"ou_1"},"from":"preview","to":"confirmed","grossFen":106000}\n',
    );
    expect(await trail.day('2025-10-15')).toEqual({
      entries: [JSON.parse(text)],
      unreadable: 0,
      file: path.join('audit', 'audit-2025-10-15.jsonl'),
    });
  });

  it('never fails the caller: a line it could not write is logged as an error', async () => {
    const trail = createAuditTrail(temp.log, () => AT, createLogger('info', logged.stream));
    await temp.log.close();
    await expect(trail.record({ kind: 'request', job: 'a' })).resolves.toBeUndefined();
    const line = JSON.parse(logged.lines().at(-1)!) as { level: number; msg: string; job: string };
    expect(line).toMatchObject({ level: 50, msg: 'audit log write failed; the job goes on', job: 'a' });
  });
});
