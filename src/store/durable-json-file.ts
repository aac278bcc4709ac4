/**
 * A lowdb adapter for a JSON document that is replaced atomically and durably: serialised at the moment `write` is
 * called, written to a temp file, fdatasync'ed, the previous version copied to `<file>.bak`, renamed over, and the
 * directory fsync'ed. A crash leaves the old or the new file, never half of one, and the last good copy stays beside
 * it. A file that does not parse stops start-up naming it.
 */
import { copyFile, chmod, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreDamagedError } from './errors.js';
import { FILE_MODE } from './journal.js';

export class DurableJsonFile<T> implements Adapter<T> {
  readonly backup: string;
  private readonly temp: string;

  constructor(readonly file: string) {
    this.backup = `${file}.bak`;
    this.temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new StoreDamagedError(this.file, `不是完整的 JSON：${(error as Error).message}`, this.backup);
    }
  }

  /** Serialises now (the document as it is at this instant), then writes in the background of the caller. */
  write(data: T): Promise<void> {
    return this.replaceWith(JSON.stringify(data));
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

/** Makes a rename in `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
