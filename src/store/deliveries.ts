/** The persisted delivery log: a platform retry of an event we already took (even before a restart) runs once. */
import type { DeliveryLog } from '../bot/platform.js';
import type { Store } from './db.js';

/** Feishu re-pushes for up to ~6 h; DingTalk for about a minute. A week is plenty and keeps the file small. */
const KEEP_MS = 7 * 24 * 3600 * 1000;

const PRUNE_EVERY_MS = 3600 * 1000;

export function createDeliveryLog(store: Store, now: () => number = Date.now): DeliveryLog {
  let lastPrune = 0;
  return {
    async firstDelivery(dedupeId) {
      const deliveries = store.data.deliveries;
      if (deliveries[dedupeId] !== undefined) return false;
      const at = now();
      deliveries[dedupeId] = at;
      if (at - lastPrune > PRUNE_EVERY_MS) {
        prune(deliveries, at);
        lastPrune = at;
      }
      await store.write();
      return true;
    },
  };
}

function prune(deliveries: Record<string, number>, at: number): void {
  for (const [id, seenAt] of Object.entries(deliveries)) {
    if (at - seenAt > KEEP_MS) delete deliveries[id];
  }
}
