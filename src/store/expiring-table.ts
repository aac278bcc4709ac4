/**
 * A table whose rows say when they were written (`at`) and are dropped at maintenance once older than a time to live:
 * for records that only matter for a while (sends already made, where a card was sent).
 */
import type { Store } from './db.js';
import type { Table } from './table.js';

export function expiringTable<T extends { at: number }>(store: Store, name: string, ttlMs: number, now: () => number): Table<T> {
  const table = store.table<T>(name);
  store.onMaintenance(async () => {
    const cutoff = now() - ttlMs;
    for (const [key, row] of table.entries()) if (row.at < cutoff) table.evict(key);
  });
  return table;
}
