import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.js';
import { createJobRepository, type NewJob } from '../../../src/store/jobs.js';
import { createDeliveryLog } from '../../../src/store/deliveries.js';
import { createSessionRepository } from '../../../src/store/sessions.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

function makeJob(id: string): NewJob {
  return {
    id,
    type: 'blue',
    chat: { platform: 'feishu', chatId: 'oc_1', chatType: 'group' },
    requester: { id: 'ou_1' },
    accountKey: 'acc',
    taskId: `task-${id}`,
  };
}

describe('store', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.remove());

  it('moves a job only from the states it names, once', async () => {
    const jobs = createJobRepository(await openStore(temp.dir));
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
    const store = await openStore(temp.dir);
    const jobs = createJobRepository(store);
    await jobs.create(makeJob('b'));
    await jobs.transition('b', ['preview'], 'submitting', { firstSubmittedAt: 42 });
    await createSessionRepository(store).update('acc', { smsTaskId: 'sms-1' });
    expect(await createDeliveryLog(store).firstDelivery('feishu:ev1')).toBe(true);

    const reopened = await openStore(temp.dir);
    const job = createJobRepository(reopened).get('b');
    expect(job?.state).toBe('submitting');
    expect(job?.taskId).toBe('task-b');
    expect(job?.firstSubmittedAt).toBe(42);
    expect(createSessionRepository(reopened).get('acc').smsTaskId).toBe('sms-1');
    expect(await createDeliveryLog(reopened).firstDelivery('feishu:ev1')).toBe(false);
  });

  it('lists unfinished jobs by state and a chat’s jobs newest first', async () => {
    let clock = 1000;
    const jobs = createJobRepository(await openStore(temp.dir), () => clock++);
    await jobs.create(makeJob('c1'));
    await jobs.create(makeJob('c2'));
    await jobs.transition('c2', ['preview'], 'in_progress');
    expect(jobs.inStates(['in_progress']).map((j) => j.id)).toEqual(['c2']);
    expect(jobs.ofChat('oc_1', 10).map((j) => j.id)).toEqual(['c2', 'c1']);
  });
});
