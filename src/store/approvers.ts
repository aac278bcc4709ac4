/**
 * Who approves: APPROVERS as configured, changed in chat by BOT_ADMINS (审批人 添加 / 移除). The chat's changes are
 * kept as who was added and who was removed, on top of APPROVERS, so they survive a restart and outrank the variable
 * for the people they name (the last change for a person wins), while someone added to APPROVERS later still counts.
 */
import type { UserRef } from '../bot/platform.js';
import type { Store } from './db.js';

/** The row of the `settings` table that holds the chat's changes. */
interface ApproverChanges {
  added: string[];
  removed: string[];
  /** Names the chat showed when they were added (mentions), for lists without a lookup. */
  names: Record<string, string>;
  updatedBy?: string;
  updatedAt?: number;
}

const ROW = 'approvers';

export interface ApproverList {
  /** Whether this platform user id approves now. */
  includes(userId: string): boolean;
  /** The approvers now, APPROVERS first, then those added in chat. */
  ids(): string[];
  /** The name the chat showed for this approver when they were added, if any. */
  knownName(userId: string): string | undefined;
}

export interface ApproverRepository extends ApproverList {
  /** Adds, written before it resolves; false when they already approve. */
  add(user: UserRef, by: string): Promise<boolean>;
  /** Removes, written before it resolves; false when they did not approve. */
  remove(userId: string, by: string): Promise<boolean>;
}

export function createApproverRepository(store: Store, configured: readonly string[], now: () => number = Date.now): ApproverRepository {
  const settings = store.table<ApproverChanges>('settings');
  const changes = (): ApproverChanges => settings.get(ROW) ?? { added: [], removed: [], names: {} };

  function ids(): string[] {
    const { added, removed } = changes();
    return [...new Set([...configured, ...added])].filter((id) => !removed.includes(id));
  }

  async function save(next: ApproverChanges, by: string): Promise<void> {
    await settings.put(ROW, { ...next, updatedBy: by, updatedAt: now() });
  }

  return {
    ids,
    includes: (userId) => ids().includes(userId),
    knownName: (userId) => (Object.hasOwn(changes().names, userId) ? changes().names[userId] : undefined),

    async add(user, by) {
      if (ids().includes(user.id)) return false;
      const current = changes();
      const names = user.name ? { ...current.names, [user.id]: user.name } : current.names;
      await save({ added: [...current.added, user.id], removed: current.removed.filter((id) => id !== user.id), names }, by);
      return true;
    },

    async remove(userId, by) {
      if (!ids().includes(userId)) return false;
      const current = changes();
      await save({ ...current, added: current.added.filter((id) => id !== userId), removed: [...current.removed, userId] }, by);
      return true;
    },
  };
}
