/**
 * Names of people for cards, toasts and 状态: platforms hand the bot ids (Feishu open_ids), people read names. A name
 * is what an event showed (a mention) or what the platform's address book says, kept in memory for a while. When
 * neither is at hand in time the id stands in, so a missing permission or a slow platform never holds up a click;
 * a lookup that outlasts its wait goes on and fills the cache for next time.
 */
import type { Logger } from 'pino';
import type { PlatformName, UserDirectory, UserRef } from './platform.js';

export interface UserNames {
  /** The person with `name` filled in when one is known or found; without it, show the id. */
  named(platform: PlatformName, user: UserRef, options?: LookupOptions): Promise<UserRef>;
  /** The name to show: known, found, else the id. */
  nameOf(platform: PlatformName, userId: string, options?: LookupOptions): Promise<string>;
  /** Names an event showed (a mention, a sender's nick): used before asking the platform. */
  remember(platform: PlatformName, users: readonly UserRef[]): void;
}

export interface LookupOptions {
  /** Wait for the platform however long it takes (background work), instead of `lookupTimeoutMs` (a click). */
  patient?: boolean;
}

export interface UserNamesOptions {
  directories: Partial<Record<PlatformName, UserDirectory>>;
  logger: Logger;
  now?: () => number;
  /** How long a name is kept (default 6 h): people rename themselves rarely. */
  ttlMs?: number;
  /** How long an unknown person or a failed lookup is not asked again (default 10 min). */
  missTtlMs?: number;
  /** How long a click waits for a lookup before the id stands in (default 1.5 s, inside the 3 s click window). */
  lookupTimeoutMs?: number;
  /** Names kept at most; the oldest go first (default 5,000). */
  maxEntries?: number;
}

interface Entry {
  name: string | undefined;
  expiresAt: number;
}

export const displayName = (user: UserRef): string => user.name ?? user.id;

export function createUserNames(options: UserNamesOptions): UserNames {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 6 * 3600_000;
  const missTtlMs = options.missTtlMs ?? 10 * 60_000;
  const lookupTimeoutMs = options.lookupTimeoutMs ?? 1_500;
  const maxEntries = options.maxEntries ?? 5_000;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<string | undefined>>();

  function keep(key: string, name: string | undefined): void {
    cache.delete(key);
    cache.set(key, { name, expiresAt: now() + (name ? ttlMs : missTtlMs) });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  }

  function lookup(platform: PlatformName, userId: string): Promise<string | undefined> {
    const key = `${platform}:${userId}`;
    const running = inFlight.get(key);
    if (running) return running;
    const directory = options.directories[platform];
    const run = (async () => {
      let name: string | undefined;
      try {
        name = directory ? await directory.lookupName(userId) : undefined;
      } catch (error) {
        options.logger.warn({ err: error, platform, user: userId }, 'could not look up a user name; showing the id');
      }
      keep(key, name?.trim() || undefined);
      return name;
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, run);
    return run;
  }

  async function find(platform: PlatformName, userId: string, lookupOptions: LookupOptions = {}): Promise<string | undefined> {
    const cached = cache.get(`${platform}:${userId}`);
    if (cached && cached.expiresAt > now()) return cached.name;
    const found = lookup(platform, userId);
    if (lookupOptions.patient) return found;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), lookupTimeoutMs);
      timer.unref();
    });
    return Promise.race([found, late]).finally(() => clearTimeout(timer));
  }

  const names: UserNames = {
    async named(platform, user, lookupOptions) {
      if (user.name) return user;
      const name = await find(platform, user.id, lookupOptions);
      return name ? { id: user.id, name } : { id: user.id };
    },
    async nameOf(platform, userId, lookupOptions) {
      return (await find(platform, userId, lookupOptions)) ?? userId;
    },
    remember(platform, users) {
      for (const user of users) if (user.name?.trim()) keep(`${platform}:${user.id}`, user.name.trim());
    },
  };
  return names;
}
