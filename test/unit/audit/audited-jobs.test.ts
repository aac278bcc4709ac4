import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditedJobs } from '../../../src/audit/audited-jobs.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { createJobRepository, type JobRepository } from '../../../src/store/jobs.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { makeJob } from '../store/builders.js';
import { collectingTrail, DRAFT } from './builders.js';


describe('the audited job repository', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: Store;
  let trail: ReturnType<typeof collectingTrail>;
  let jobs: JobRepository;

  beforeEach(async () => {
    temp = await makeTempDir();
    store = await openStore(temp.dir);
    trail = collectingTrail();
    jobs = auditedJobs(createJobRepository(store), trail);
  });
  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it('records a request with who asked, the buyer and the amounts, but not the draft wholesale', async () => {
    await jobs.create({ ...makeJob('a'), requester: { id: 'ou_1', name: '财务小王' }, draft: DRAFT }, 'ou_1');
    expect(trail.recorded).toEqual([
      {
        kind: 'request',
        job: 'a',
        type: 'blue',
        chat: { platform: 'feishu', chatId: 'oc_1' },
        user: { id: 'ou_1', name: '财务小王' },
        to: 'preview',
        buyer: { name: '杭州测试科技有限公司', taxId: '91330106MA2KXN4X3X' },
        grossFen: 106_000,
        netFen: 100_000,
        taxFen: 6_000,
        taskId: 'task-a',
      },
    ]);
  });

  it('records a person’s transition as a decision, the bot’s as progress or an outcome, with the states', async () => {
    await jobs.create({ ...makeJob('a'), draft: DRAFT }, 'ou_1');
    // An approval step the repository does not know of is recorded like any other state change.
    await jobs.transition('a', ['preview'], 'awaiting_approval', {}, 'ou_1');
    await jobs.transition('a', ['awaiting_approval'], 'confirmed', { approvedBy: { id: 'ou_boss', name: '主管老李' } }, 'ou_boss');
    await jobs.transition('a', ['confirmed'], 'submitting');
    await jobs.transition('a', ['submitting'], 'issued', { invoice: { number: '25332000000456135731', issuedAt: '2025-10-15 09:32:10', grossFen: 106_000 } });
    const lines = trail.recorded.slice(1).map(({ kind, user, from, to, invoice }) => ({ kind, user, from, to, invoice }));
    expect(lines).toEqual([
      { kind: 'decision', user: { id: 'ou_1' }, from: 'preview', to: 'awaiting_approval', invoice: undefined },
      { kind: 'decision', user: { id: 'ou_boss', name: '主管老李' }, from: 'awaiting_approval', to: 'confirmed', invoice: undefined },
      { kind: 'progress', user: undefined, from: 'confirmed', to: 'submitting', invoice: undefined },
      { kind: 'outcome', user: undefined, from: 'submitting', to: 'issued', invoice: '25332000000456135731' },
    ]);
  });

  it('records the failure text of a failed job, and nothing for a transition that lost its race', async () => {
    await jobs.create(makeJob('a'));
    await jobs.transition('a', ['preview'], 'failed', { failure: '税局拒绝：购方税号不存在' });
    expect(await jobs.transition('a', ['preview'], 'confirmed', {}, 'ou_1')).toBeUndefined();
    expect(trail.recorded.map(({ kind, to, failure }) => ({ kind, to, failure }))).toEqual([
      { kind: 'request', to: 'preview', failure: undefined },
      { kind: 'outcome', to: 'failed', failure: '税局拒绝：购方税号不存在' },
    ]);
  });

  it('records a red job by its blue invoice and refund, and leaves other calls unrecorded', async () => {
    await jobs.create({
      ...makeJob('r'),
      type: 'red',
      red: { blueNumber: '25332000000456135731', blueIssuedAt: '2025-10-15 09:32:10', reason: '02', enteredBy: 'seller', refundFen: 53_000, buyerName: '杭州测试科技有限公司' },
    });
    await jobs.update('r', { previewMessageId: 'om_1' });
    expect(jobs.get('r')?.previewMessageId).toBe('om_1');
    expect(trail.recorded).toHaveLength(1);
    expect(trail.recorded[0]).toMatchObject({ type: 'red', blueInvoice: '25332000000456135731', refundFen: 53_000, reason: '02', buyer: { name: '杭州测试科技有限公司' } });
    expect(trail.recorded[0]).not.toHaveProperty('taskId');
  });
});
