/**
 * One table of the store: a Map in memory (lookups never touch the disk, and keys like `__proto__` are plain keys),
 * whose every change is a journal record. `put` changes memory at once and resolves when the record is on disk:
 * callers await it before the side effect the change leads to.
 */
import type { JournalWriter } from './journal.js';

export class Table<T> {
  constructor(
    readonly name: string,
    private readonly rows: Map<string, T>,
    private readonly journal: JournalWriter,
  ) {}

  get(key: string): T | undefined {
    return this.rows.get(key);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }

  entries(): IterableIterator<[string, T]> {
    return this.rows.entries();
  }

  get size(): number {
    return this.rows.size;
  }

  /** Stores `value` (serialised now, so later in-place changes need another put). */
  put(key: string, value: T): Promise<void> {
    this.rows.set(key, value);
    return this.journal.append(this.name, key, value);
  }

  delete(key: string): Promise<void> {
    this.rows.delete(key);
    return this.journal.append(this.name, key, null);
  }

  /**
   * Drops a row from memory without a journal record: for compaction only, once the row is safe elsewhere (an
   * archive) or no longer needed (an old dedupe id). The next snapshot leaves it out.
   */
  evict(key: string): void {
    this.rows.delete(key);
  }
}
