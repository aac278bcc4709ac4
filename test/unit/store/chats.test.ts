import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/bot/platform.js';
import { createChatRepository } from '../../../src/store/chats.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const chat = (chatId: string): ChatRef => ({ platform: 'feishu', chatId, chatType: 'group' });

describe('the chats the bot is used in', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const open: Store[] = [];
  async function openAt(): Promise<Store> {
    const store = await openStore(temp.dir);
    open.push(store);
    return store;
  }
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await temp.remove();
  });

  it('lists the chats used since a time, most recent first, and keeps them across a reopen', async () => {
    const store = await openAt();
    const chats = createChatRepository(store);
    await chats.used(chat('oc_old'), 0);
    await chats.used(chat('oc_a'), 31 * DAY);
    await chats.asked(chat('oc_b'), 31 * DAY + HOUR);
    expect(chats.usedSince(DAY).map((ref) => ref.chatId)).toEqual(['oc_b', 'oc_a']);
    await store.close();
    open.length = 0;
    const reopened = createChatRepository(await openAt());
    expect(reopened.usedSince(0).map((ref) => ref.chatId)).toEqual(['oc_b', 'oc_a', 'oc_old']);
    expect(reopened.lastAsked()?.chatId).toBe('oc_b');
  });

  it('costs a busy chat one write an hour', async () => {
    const store = await openAt();
    const chats = createChatRepository(store);
    const before = store.journalStats.records;
    for (let minute = 0; minute < 120; minute += 1) await chats.used(chat('oc_busy'), minute * 60_000);
    expect(store.journalStats.records - before).toBe(2);
  });

  it('knows which chat asked for an invoice or a refund last, whatever was used since', async () => {
    const chats = createChatRepository(await openAt());
    expect(chats.lastAsked()).toBeUndefined();
    await chats.asked(chat('oc_a'), 1_000);
    await chats.asked(chat('oc_b'), 2_000);
    await chats.used(chat('oc_c'), 3_000);
    expect(chats.lastAsked()?.chatId).toBe('oc_b');
    // Asking again within the hour still moves "last".
    await chats.asked(chat('oc_a'), 4_000);
    expect(chats.lastAsked()?.chatId).toBe('oc_a');
  });
});
