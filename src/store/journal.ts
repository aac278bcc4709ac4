/**
 * The write-ahead journal: every change to a table is one JSON line, appended and fdatasync'ed before the change's
 * promise resolves. Changes made in one tick share one write and one fdatasync (group commit), so what a write costs
 * depends on the batch, never on how much the store holds.
 *
 * Segments are `journal/<first seq>.log`. Compaction starts a new segment (`rotate`), snapshots the tables, and
 * deletes the segments the snapshot before it covered: one generation is kept so that the `.bak` snapshot plus the
 * remaining segments still hold everything.
 */
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { StoreClosedError } from './errors.js';
import { GroupCommit, joinRuns } from './group-commit.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export interface JournalRecord {
  /** Sequence number: a snapshot taken at seq N makes every record up to N redundant. */
  s: number;
  /** Table. */
  t: string;
  /** Key in the table. */
  k: string;
  /** The whole new value; null deletes the key. */
  v: unknown;
}

/** One record on its way to disk, with the segment it belongs to. */
interface Pending {
  segment: number;
  text: string;
}

const SEGMENT_PATTERN = /^(\d{16})\.log$/;

export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.log`;
}

/** First sequence numbers of the segments in `dir`, oldest first. */
export async function listSegments(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names
    .map((name) => SEGMENT_PATTERN.exec(name)?.[1])
    .filter((first): first is string => first !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export class JournalWriter {
  private segment: number;
  private readonly commits = new GroupCommit<Pending>((batch) => this.writeBatch(batch));
  private readonly handles = new Map<number, FileHandle>();
  private failure: Error | undefined;
  private bytesInSegment = 0;
  /** Batches written (each one write and one fdatasync per segment) and records in them: group commit at work. */
  readonly stats = { flushes: 0, records: 0 };

  constructor(
    private readonly dir: string,
    private seq: number,
  ) {
    this.segment = seq + 1;
  }

  static async open(dir: string, lastSeq: number): Promise<JournalWriter> {
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    return new JournalWriter(dir, lastSeq);
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** False once a write failed or the journal was closed. */
  get writable(): boolean {
    return this.failure === undefined;
  }

  /** Bytes appended since the last rotation: what compaction would make redundant. */
  get bytesSinceRotation(): number {
    return this.bytesInSegment;
  }

  /** Appends `value` (null: delete) for `table`/`key`; resolves once it is on disk. The value is copied now. */
  append(table: string, key: string, value: unknown): Promise<void> {
    if (this.failure) return Promise.reject(new StoreClosedError(this.failure.message));
    const record: JournalRecord = { s: ++this.seq, t: table, k: key, v: value ?? null };
    const text = `${JSON.stringify(record)}\n`;
    this.bytesInSegment += text.length;
    return this.commits.add({ segment: this.segment, text });
  }

  /** Later appends go to a new segment. Returns the last seq of the older segments. */
  rotate(): number {
    this.segment = this.seq + 1;
    this.bytesInSegment = 0;
    return this.seq;
  }

  /** Deletes every segment whose records all have seq ≤ `coveredSeq`. */
  async deleteCovered(coveredSeq: number): Promise<void> {
    const segments = await listSegments(this.dir);
    for (let i = 0; i < segments.length - 1; i++) {
      const first = segments[i]!;
      const next = segments[i + 1]!;
      if (next - 1 <= coveredSeq && first !== this.segment && !this.handles.has(first)) {
        await rm(path.join(this.dir, segmentName(first)), { force: true });
      }
    }
  }

  /** Resolves when everything appended so far is on disk (or has failed). */
  settle(): Promise<void> {
    return this.commits.settle();
  }

  /** Flushes what is queued and closes the files; appends after this are refused. */
  async close(): Promise<void> {
    await this.settle();
    this.failure ??= new Error('closed');
    for (const handle of this.handles.values()) await handle.close();
    this.handles.clear();
  }

  /** One batch: one write and one fdatasync per segment it touches. */
  private async writeBatch(batch: Pending[]): Promise<void> {
    if (this.failure) throw new StoreClosedError(this.failure.message);
    try {
      for (const [segment, text] of joinRuns(batch, (pending) => pending.segment)) {
        const handle = await this.handleFor(segment);
        await writeAll(handle, Buffer.from(text));
        await handle.datasync();
      }
      await this.closeOlderThan(this.segment);
      this.stats.flushes += 1;
      this.stats.records += batch.length;
    } catch (error) {
      // The disk state is now unknown: refuse every later write rather than pretend.
      this.failure = error instanceof Error ? error : new Error(String(error));
      throw this.failure;
    }
  }

  private async handleFor(segment: number): Promise<FileHandle> {
    let handle = this.handles.get(segment);
    if (!handle) {
      handle = await open(path.join(this.dir, segmentName(segment)), 'a', FILE_MODE);
      this.handles.set(segment, handle);
    }
    return handle;
  }

  private async closeOlderThan(segment: number): Promise<void> {
    for (const [first, handle] of this.handles) {
      if (first < segment) {
        this.handles.delete(first);
        await handle.close();
      }
    }
  }
}

/** One write call per batch in the usual case (appendFile goes through a stream iterator, which costs more). */
export async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}
