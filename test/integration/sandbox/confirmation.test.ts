import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, HOUR, invoiceData, startTestSandbox, type TestSandbox } from './helpers.js';

describe('sandbox red-letter confirmations', () => {
  let sandbox: TestSandbox;
  afterEach(() => sandbox.close());

  async function setUp(options: Parameters<typeof startTestSandbox>[0] = {}) {
    sandbox = await startTestSandbox({ tokenTtlMs: 96 * HOUR, loginTtlMs: 96 * HOUR, ...options });
    const token = await sandbox.ready();
    const blue = (await sandbox.business('blue-invoice/submit', token, { taskId: 'blue', invoiceData: invoiceData([10_000]) })).data;
    const act = (uuid: string, czlx: string) =>
      sandbox.business('red-confirmation/confirm', token, { uuid, xsfnsrsbh: ACCOUNT.nsrsbh, czlx });
    const buyerEnters = async (grossFen?: number) =>
      (await sandbox.control('confirmations', { blueNumber: blue.fphm, ...(grossFen ? { grossFen } : {}) })).body;
    return { token, blue, act, buyerEnters };
  }

  it('buyer-entered 03: the seller agrees (czlx 1) → 04 and the red invoice is issued', async () => {
    const { token, blue, act, buyerEnters } = await setUp();
    const entered = await buyerEnters(5_300);
    expect(entered).toMatchObject({ hzqrxxztdm: '03', lrfsf: '1', lzfphm: blue.fphm, hzcxje: -50, hzcxse: -3, jshj: -53 });
    const agreed = await act(entered.uuid, '1');
    expect(agreed).toMatchObject({ code: 200, charge: true, data: { uuid: entered.uuid, hzqrxxztdm: '04', jshj: -53 } });
    expect(agreed.data.fphm).toMatch(/^\d{20}$/);
    const result = await sandbox.business('red-invoice/result', token, { uuid: entered.uuid, xsfnsrsbh: ACCOUNT.nsrsbh });
    expect(result.data.fphm).toBe(agreed.data.fphm);
  });

  it('buyer-entered 03: the seller rejects (czlx 2) → 06, and the amount is free again', async () => {
    const { act, buyerEnters } = await setUp();
    const entered = await buyerEnters();
    expect(await act(entered.uuid, '2')).toMatchObject({ code: 200, data: { hzqrxxztdm: '06' } });
    expect((await buyerEnters()).hzqrxxztdm).toBe('03');
  });

  it('seller-entered 02: the seller cancels (czlx 3) → 08', async () => {
    const { blue, act, token } = await setUp({ redMode: 'confirmation' });
    const submitted = await sandbox.business('red-invoice/submit', token, { lzfphm: blue.fphm, lzkprq: blue.kprq, chyydm: '02' });
    expect(submitted.data.hzqrxxztdm).toBe('02');
    expect(await act(submitted.data.uuid, '3')).toMatchObject({ code: 200, data: { hzqrxxztdm: '08' } });
  });

  it('refuses every other move with 399 确认单状态不允许此操作', async () => {
    const { blue, act, token, buyerEnters } = await setUp({ redMode: 'confirmation' });
    const own = (await sandbox.business('red-invoice/submit', token, { lzfphm: blue.fphm, lzkprq: blue.kprq, chyydm: '01' })).data;
    for (const czlx of ['1', '2']) {
      const refused = await act(own.uuid, czlx);
      expect(refused).toMatchObject({ code: 399, charge: false });
      expect(refused.msg).toMatch(/^确认单状态不允许此操作/);
    }
    await act(own.uuid, '3');
    const theirs = await buyerEnters();
    expect((await act(theirs.uuid, '3')).code).toBe(399);
    await act(theirs.uuid, '1');
    expect((await act(theirs.uuid, '1')).code).toBe(399);
    expect((await act(theirs.uuid, '9')).code).toBe(400);
    expect(await act('nope', '1')).toMatchObject({ code: 399, msg: '红字确认单不存在' });
  });

  it('voids a confirmation left unanswered for 72 hours (07)', async () => {
    const { act, buyerEnters, token } = await setUp();
    const entered = await buyerEnters();
    await sandbox.control('advance', { ms: 72 * HOUR });
    const detail = await sandbox.business('red-confirmation/detail', token, { uuid: entered.uuid, xsfnsrsbh: ACCOUNT.nsrsbh });
    expect(detail.data.hzqrxxztdm).toBe('07');
    expect((await act(entered.uuid, '1')).code).toBe(399);
  });

  it('holds the amount while waiting: a second full reversal is refused until the first is void', async () => {
    const { blue, token, buyerEnters } = await setUp();
    await buyerEnters();
    const red = await sandbox.business('red-invoice/submit', token, { lzfphm: blue.fphm, lzkprq: blue.kprq, chyydm: '01' });
    expect(red.code).toBe(399);
    expect((await sandbox.control('confirmations', { blueNumber: blue.fphm })).status).toBe(409);
  });

  it('queries (newest first, paged) and details (with lines); unknown uuid → 399', async () => {
    const { token, buyerEnters, blue } = await setUp();
    const older = await buyerEnters(1_060);
    await sandbox.control('advance', { ms: 1000 });
    const newer = await buyerEnters(2_120);
    const list = await sandbox.business('red-confirmation/query', token);
    expect(list).toMatchObject({ code: 200, charge: true, data: { total: 2, pagenumber: 1, pagesize: 10 } });
    expect(list.data.list.map((item: any) => item.uuid)).toEqual([newer.uuid, older.uuid]);
    expect(list.data.list[0]).toMatchObject({
      hzqrxxztdm: '03',
      lrfsf: '1',
      xsfnsrsbh: ACCOUNT.nsrsbh,
      gmfnsrsbh: '91330106MA2B00001X',
      lzfphm: blue.fphm,
      chyydm: '02',
      lrrq: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
    const detail = await sandbox.business('red-confirmation/detail', token, { uuid: older.uuid, xsfnsrsbh: ACCOUNT.nsrsbh });
    expect(detail.data).toMatchObject({ uuid: older.uuid, jshj: -10.6, hzqrxxmxList: [{ xh: 1, je: -10, se: -0.6 }] });
    const unknown = await sandbox.business('red-confirmation/detail', token, { uuid: 'nope', xsfnsrsbh: ACCOUNT.nsrsbh });
    expect(unknown).toMatchObject({ code: 399, charge: false });
  });
});
