import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/bot/platform.js';
import { createChatRepository } from '../../../src/store/chats.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { createJobRepository } from '../../../src/store/jobs.js';
import { createInbox } from '../../../src/store/inbox.js';
import { createSessionRepository } from '../../../src/store/sessions.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { makeJob, message } from './builders.js';

describe('store', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const open: Store[] = [];
  async function openAt(dir = temp.dir): Promise<Store> {
    const store = await openStore(dir);
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

  it('moves a job only from the states it names, once', async () => {
    const jobs = createJobRepository(await openAt());
    await jobs.create(makeJob('a'));
    const [first, second] = await Promise.all([
      jobs.transition('a', ['preview'], 'confirmed', {}, 'ou_1'),
      jobs.transition('a', ['preview'], 'confirmed', {}, 'ou_2'),
    ]);
    expect(first?.state).toBe('confirmed');
    expect(second).toBeUndefined();
    expect(jobs.get('a')?.history.map((h) => h.state)).toEqual(['preview', 'confirmed']);
  });

  it('keeps jobs, sessions and deliveries across a reopen', async () => {
    const store = await openAt();
    const jobs = createJobRepository(store);
    await jobs.create(makeJob('b'));
    await jobs.transition('b', ['preview'], 'submitting', { firstSubmittedAt: 42 });
    await createSessionRepository(store).update('acc', { smsTaskId: 'sms-1' });
    expect(await createInbox(store).accept(message('feishu:ev1'))).toBe(true);
    await store.close();

    const reopened = await openAt();
    const job = createJobRepository(reopened).get('b');
    expect(job?.state).toBe('submitting');
    expect(job?.taskId).toBe('task-b');
    expect(job?.firstSubmittedAt).toBe(42);
    expect(createSessionRepository(reopened).get('acc').smsTaskId).toBe('sms-1');
    expect(await createInbox(reopened).accept(message('feishu:ev1'))).toBe(false);
  });

  it('lists unfinished jobs by state and a chat’s jobs newest first', async () => {
    let clock = 1000;
    const jobs = createJobRepository(await openAt(), () => clock++);
    await jobs.create(makeJob('c1'));
    await jobs.create(makeJob('c2'));
    await jobs.transition('c2', ['preview'], 'in_progress');
    expect(jobs.inStates(['in_progress']).map((j) => j.id)).toEqual(['c2']);
    expect(jobs.ofChat('oc_1', 10).map((j) => j.id)).toEqual(['c2', 'c1']);
  });

  describe('the chats the bot is used in', () => {
    const HOUR = 3600_000;
    const DAY = 24 * HOUR;
    const chat = (chatId: string): ChatRef => ({ platform: 'feishu', chatId, chatType: 'group' });

    it('lists the chats used since a time, most recent first, and keeps them across a reopen', async () => {
      const store = await openAt();
      const chats = createChatRepository(store);
      await chats.used(chat('oc_old'), 0);
      await chats.used(chat('oc_a'), 31 * DAY);
      await chats.asked(chat('oc_b'), 31 * DAY + HOUR);
      expect(chats.usedSince(DAY).map((ref) => ref.chatId)).toEqual(['oc_b', 'oc_a']);
      await store.close();
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
});
