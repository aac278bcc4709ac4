/**
 * The snapshot as a lowdb adapter: the document is the live tables (Maps), written atomically and durably — to a
 * temp file, fdatasync'ed, the previous version copied to `<file>.bak`, renamed over, the directory fsync'ed — so a
 * crash leaves the old or the new file, never half of one, and the last good copy stays beside it.
 *
 * Serialising yields to the event loop every few hundred rows, so compaction never holds up an acknowledgement.
 * Rows may change meanwhile and come out newer than `seq`: harmless, because every journal record holds a whole
 * value, and replaying the records after `seq` in order ends at the same state whatever the snapshot caught.
 */
import { access, chmod, copyFile, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreDamagedError } from './errors.js';
import { FILE_MODE } from './journal.js';

export type Tables = Map<string, Map<string, unknown>>;

export interface SnapshotDocument {
  version: number;
  /** Every journal record up to this seq is reflected in `tables`. */
  seq: number;
  tables: Tables;
}

const ROWS_PER_SLICE = 500;

export class SnapshotFile implements Adapter<SnapshotDocument> {
  readonly backup: string;
  private readonly temp: string;

  constructor(readonly file: string) {
    this.backup = `${file}.bak`;
    this.temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  async read(): Promise<SnapshotDocument | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: { version?: unknown; seq?: unknown; tables?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch (error) {
      throw new StoreDamagedError(this.file, `不是完整的 JSON：${(error as Error).message}`, await this.existingBackup());
    }
    if (typeof parsed.seq !== 'number' || typeof parsed.tables !== 'object' || parsed.tables === null) {
      throw new StoreDamagedError(this.file, '内容不是快照格式', await this.existingBackup());
    }
    const tables: Tables = new Map();
    for (const [name, rows] of Object.entries(parsed.tables as Record<string, Record<string, unknown>>)) {
      tables.set(name, new Map(Object.entries(rows)));
    }
    return { version: Number(parsed.version), seq: parsed.seq, tables };
  }

  /** The last good copy, if there is one to point the operator to. */
  private async existingBackup(): Promise<string | undefined> {
    try {
      await access(this.backup);
      return this.backup;
    } catch {
      return undefined;
    }
  }

  async write(document: SnapshotDocument): Promise<void> {
    await this.replaceWith(await serialiseGradually(document));
  }

  private async replaceWith(text: string): Promise<void> {
    const handle = await open(this.temp, 'w', FILE_MODE);
    try {
      await handle.writeFile(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    try {
      await copyFile(this.file, this.backup);
      await chmod(this.backup, FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(this.temp, this.file);
    await syncDirectory(path.dirname(this.file));
  }
}

async function serialiseGradually({ version, seq, tables }: SnapshotDocument): Promise<string> {
  const parts: string[] = [`{"version":${version},"seq":${seq},"tables":{`];
  let firstTable = true;
  for (const [name, rows] of tables) {
    parts.push(`${firstTable ? '' : ','}${JSON.stringify(name)}:{`);
    firstTable = false;
    let firstRow = true;
    let inSlice = 0;
    for (const [key, value] of rows) {
      parts.push(`${firstRow ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(value)}`);
      firstRow = false;
      if (++inSlice === ROWS_PER_SLICE) {
        inSlice = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    parts.push('}');
  }
  parts.push('}}');
  return parts.join('');
}

/** Makes a rename in `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
