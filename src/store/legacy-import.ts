/**
 * Stores written before the journal (schema 1: one `fapiao-bot.json` rewritten whole on every change) are read once
 * into the tables and the old file renamed to `.imported`, so an upgrade keeps every job, session and dedupe id.
 */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { StoreDamagedError } from './errors.js';

const LEGACY_FILE = 'fapiao-bot.json';

interface LegacyData {
  deliveries?: Record<string, number>;
  jobs?: Record<string, unknown>;
  sessions?: Record<string, unknown>;
}

/**
 * Fills the tables from a schema-1 file if there is one. Returns what to call once the tables are safely in a
 * snapshot (it sets the old file aside), or undefined when there was nothing to import.
 */
export async function importLegacyFile(
  dataDir: string,
  rowsOf: (table: string) => Map<string, unknown>,
): Promise<(() => Promise<void>) | undefined> {
  const file = path.join(dataDir, LEGACY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: LegacyData;
  try {
    data = JSON.parse(text) as LegacyData;
  } catch (error) {
    throw new StoreDamagedError(file, `不是完整的 JSON：${(error as Error).message}`);
  }
  for (const [id, job] of Object.entries(data.jobs ?? {})) rowsOf('jobs').set(id, job);
  for (const [key, session] of Object.entries(data.sessions ?? {})) rowsOf('sessions').set(key, session);
  for (const [id, at] of Object.entries(data.deliveries ?? {})) rowsOf('inbox').set(id, { at, done: true });
  return () => rename(file, `${file}.imported`);
}
