import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ProviderError,
  ProviderErrorCode,
  type RedOutcome,
  type TaxAccount,
  type TaxProvider,
} from '../../../src/api/provider.js';
import { auditedProvider } from '../../../src/audit/audited-provider.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { createJobRepository, type JobRepository } from '../../../src/store/jobs.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { makeJob } from '../store/builders.js';
import { collectingTrail, DRAFT } from './builders.js';

const ACCOUNT: TaxAccount = { nsrsbh: '91330106MA2KXN4X3X', dq: '330000', gryhm: '13800000000', password: 'bureau-password', phone: '13800000000' };
const ISSUED: RedOutcome = { status: 'issued', invoice: { number: '25332000000456135731', issuedAt: '2025-10-15 09:32:10', grossFen: 106_000 } };

describe('the audited tax provider', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: Store;
  let jobs: JobRepository;
  let trail: ReturnType<typeof collectingTrail>;
  /** What the inner provider does next; it also notes how many lines were on record when it was called. */
  let next: () => Promise<RedOutcome>;
  let recordedAtCall: number[];
  let provider: TaxProvider;

  beforeEach(async () => {
    temp = await makeTempDir();
    store = await openStore(temp.dir);
    jobs = createJobRepository(store);
    trail = collectingTrail();
    recordedAtCall = [];
    next = async () => ISSUED;
    const call = () => {
      recordedAtCall.push(trail.recorded.length);
      return next();
    };
    const inner = {
      name: 'sandbox',
      issueBlue: call,
      submitRed: call,
      actOnConfirmation: call,
      listConfirmations: async () => [],
    } as unknown as TaxProvider;
    provider = auditedProvider(inner, trail, jobs);
  });
  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it('records a blue submit before it goes out and its answer after, on the job its taskId names', async () => {
    await jobs.create({ ...makeJob('a'), draft: DRAFT });
    await jobs.update('a', { submitAttempts: 1 });
    expect(await provider.issueBlue(ACCOUNT, 'task-a', DRAFT)).toEqual(ISSUED);
    expect(recordedAtCall).toEqual([1]);
    expect(trail.recorded).toEqual([
      expect.objectContaining({ kind: 'submission', job: 'a', call: 'issueBlue', attempt: 1, seller: ACCOUNT.nsrsbh, taskId: 'task-a', grossFen: 106_000 }),
      expect.objectContaining({ kind: 'answer', job: 'a', call: 'issueBlue', result: 'issued', invoice: '25332000000456135731', invoiceGrossFen: 106_000 }),
    ]);
    // Picked field by field: no credential, no bank account, no line items.
    const text = JSON.stringify(trail.recorded);
    for (const absent of ['bureau-password', '6222000000000000', '技术服务费', ACCOUNT.gryhm]) expect(text).not.toContain(absent);
  });

  it('records a failed call with its code and the text the chat is given, and passes the error on', async () => {
    const refused = new ProviderError(ProviderErrorCode.BureauRefused, '蓝票没有可红冲的金额', 399);
    next = async () => {
      throw refused;
    };
    const request = { blueNumber: '25332000000456135731', blueIssuedAt: '2025-10-15 09:32:10', reason: '02' as const, lines: [{ lineNo: 2, grossFen: 10_000 }] };
    await expect(provider.submitRed(ACCOUNT, request)).rejects.toBe(refused);
    expect(trail.recorded).toEqual([
      expect.objectContaining({ kind: 'submission', call: 'submitRed', blueInvoice: request.blueNumber, reason: '02', refundLines: [{ lineNo: 2, grossFen: 10_000 }] }),
      expect.objectContaining({ kind: 'answer', call: 'submitRed', result: 'error', errorCode: 'bureau_refused', failure: '税局拒绝：蓝票没有可红冲的金额' }),
    ]);
  });

  it('finds a red job by its request, a confirmation by its uuid, and records the confirmation it got back', async () => {
    const red = { blueNumber: '25332000000456135731', blueIssuedAt: '2025-10-15 09:32:10', reason: '01' as const, enteredBy: 'seller' as const, refundFen: 106_000 };
    await jobs.create({ ...makeJob('r'), type: 'red', red, confirmationUuid: 'uuid-1', confirmationCalls: 1 });
    next = async () => ({ status: 'awaiting_confirmation', uuid: 'uuid-1', state: '02' });
    await provider.submitRed(ACCOUNT, jobs.get('r')!.red!);
    await provider.actOnConfirmation(ACCOUNT, 'uuid-1', 'cancel');
    expect(trail.recorded.map(({ kind, job, call, action, result, confirmationState }) => ({ kind, job, call, action, result, confirmationState }))).toEqual([
      { kind: 'submission', job: 'r', call: 'submitRed', action: undefined, result: undefined, confirmationState: undefined },
      { kind: 'answer', job: 'r', call: 'submitRed', action: undefined, result: 'awaiting_confirmation', confirmationState: '02' },
      { kind: 'submission', job: 'r', call: 'actOnConfirmation', action: 'cancel', result: undefined, confirmationState: undefined },
      { kind: 'answer', job: 'r', call: 'actOnConfirmation', action: 'cancel', result: 'awaiting_confirmation', confirmationState: '02' },
    ]);
  });

  it('passes other calls through unrecorded', async () => {
    expect(await provider.listConfirmations(ACCOUNT)).toEqual([]);
    expect(provider.name).toBe('sandbox');
    expect(trail.recorded).toEqual([]);
  });
});
