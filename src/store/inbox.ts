/**
 * The durable inbox: an inbound delivery is in the journal before it is acknowledged, and marked done once handled.
 * A platform's re-push of a delivery we took (even before a restart) runs nothing; a delivery that was acknowledged
 * but not finished when the process died is handed back by `pending()` and runs again on start, its replies keeping
 * their idempotency keys. Done ids are kept for the dedupe window, then dropped by maintenance.
 */
import type { Inbound, Inbox } from '../bot/platform.js';
import { DEDUPE_WINDOW_MS } from '../bot/replay-window.js';
import type { Store } from './db.js';

export { DEDUPE_WINDOW_MS };

interface InboxEntry {
  at: number;
  /** Kept until the delivery is handled, so a crash can run it again. */
  inbound?: Inbound;
  done?: true;
}

export function createInbox(store: Store, now: () => number = Date.now): Inbox {
  const entries = store.table<InboxEntry>('inbox');
  /** Deliveries accepted but not yet on disk: a duplicate is acknowledged only once the original is durable. */
  const writing = new Map<string, Promise<void>>();

  store.onMaintenance(async () => {
    const cutoff = now() - DEDUPE_WINDOW_MS;
    for (const [id, entry] of entries.entries()) if (entry.done && entry.at < cutoff) entries.evict(id);
  });

  return {
    async accept(inbound) {
      const id = inbound.dedupeId;
      if (entries.has(id)) {
        await writing.get(id);
        return false;
      }
      const write = entries.put(id, { at: now(), inbound });
      writing.set(id, write);
      try {
        await write;
      } finally {
        writing.delete(id);
      }
      return true;
    },

    async done(dedupeId) {
      const entry = entries.get(dedupeId);
      if (!entry || entry.done) return;
      await entries.put(dedupeId, { at: entry.at, done: true });
    },

    pending: () =>
      [...entries.values()]
        .filter((entry) => !entry.done && entry.inbound)
        .sort((a, b) => a.at - b.at)
        .map((entry) => entry.inbound!),
  };
}
