import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatJumdataDate, parseJumdataTime } from '../../../src/api/jumdata/wire.js';
import { HOUR, invoiceData, startTestSandbox, type TestSandbox } from './helpers.js';

const DAY = 24 * HOUR;
const LONG = { faceAuthTtlMs: 30 * DAY, tokenTtlMs: 30 * DAY, loginTtlMs: 30 * DAY };

describe('sandbox blue-invoice/query', () => {
  let sandbox: TestSandbox;
  let token: string;
  /** fphm and kprq of the invoices issued in beforeEach, oldest first. */
  let issued: { fphm: string; kprq: string }[];

  beforeEach(async () => {
    sandbox = await startTestSandbox(LONG);
    token = await sandbox.ready();
    issued = [];
    const buyers = [
      { gmfmc: '杭州甲科技有限公司', gmfnsrsbh: '91330106MA2B00001X' },
      { gmfmc: '杭州乙贸易有限公司', gmfnsrsbh: '91330106MA2B00002X' },
      { gmfmc: '杭州甲科技有限公司', gmfnsrsbh: '91330106MA2B00001X' },
    ];
    for (const [index, buyer] of buyers.entries()) {
      const answer = await sandbox.business('blue-invoice/submit', token, { taskId: `q-${index}`, invoiceData: invoiceData([7_326], buyer) });
      issued.push(answer.data);
      await sandbox.control('advance', { ms: 3 * DAY });
    }
  });
  afterEach(() => sandbox.close());

  function dayOf(kprq: string, shiftDays = 0): string {
    return formatJumdataDate((parseJumdataTime(kprq) as number) + shiftDays * DAY);
  }

  function query(params: Record<string, string>) {
    return sandbox.business('blue-invoice/query', token, params);
  }

  it('lists by issue date, inclusive, newest first, with the document\'s field names (billed)', async () => {
    const all = await query({ kprqq: dayOf(issued[0]!.kprq), kprqz: dayOf(issued[2]!.kprq) });
    expect(all).toMatchObject({ code: 200, charge: true, data: { pagenumber: 1, pagesize: 50, total: 3 } });
    expect(all.data.list.map((item: any) => item.fphm)).toEqual(issued.map((invoice) => invoice.fphm).reverse());
    expect(all.data.list[0]).toMatchObject({
      fphm: issued[2]!.fphm,
      kprq: issued[2]!.kprq,
      fplxdm: '82',
      fppzdm: '02',
      fpztdm: '01',
      sflzfp: 'Y',
      gmfmc: '杭州甲科技有限公司',
      gmfnsrsbh: '91330106MA2B00001X',
      xsfnsrsbh: '91330105MA2KXN4300',
      hjje: 73.26,
      hjse: 4.4,
      jshj: 77.66,
    });
    expect(all.data.list[0].xsfmc).toEqual(expect.any(String));

    const middle = await query({ kprqq: dayOf(issued[1]!.kprq), kprqz: dayOf(issued[1]!.kprq, 1) });
    expect(middle.data.list.map((item: any) => item.fphm)).toEqual([issued[1]!.fphm]);
  });

  it('filters by number, counterparty tax id and (part of) the counterparty name', async () => {
    const range = { kprqq: dayOf(issued[0]!.kprq, -1), kprqz: dayOf(issued[2]!.kprq, 1) };
    expect((await query({ ...range, fphm: issued[1]!.fphm })).data.total).toBe(1);
    expect((await query({ ...range, dfnsrsbh: '91330106MA2B00001X' })).data.total).toBe(2);
    expect((await query({ ...range, dfnsrmc: '乙贸易' })).data.list[0].fphm).toBe(issued[1]!.fphm);
    expect((await query({ ...range, fphm: '00000000000000000000' })).data).toMatchObject({ total: 0, list: [] });
  });

  it('pages with pageNumber / pageSize', async () => {
    const range = { kprqq: dayOf(issued[0]!.kprq), kprqz: dayOf(issued[2]!.kprq) };
    const second = await query({ ...range, pageNumber: '2', pageSize: '2' });
    expect(second.data).toMatchObject({ pagenumber: 2, pagesize: 2, total: 3 });
    expect(second.data.list.map((item: any) => item.fphm)).toEqual([issued[0]!.fphm]);
    expect((await query({ ...range, pageSize: '0' })).code).toBe(400);
  });

  it('requires kprqq and kprqz as yyyy-MM-dd', async () => {
    expect(await query({ kprqz: '2025-01-01' })).toMatchObject({ code: 400, msg: '参数错误: 缺少 kprqq' });
    expect((await query({ kprqq: '2025/01/01', kprqz: '2025-01-02' })).msg).toContain('kprqq');
    expect((await query({ kprqq: '2025-01-03', kprqz: '2025-01-02' })).code).toBe(400);
  });

  it('still lists an invoice whose taskId the 8-hour dedupe forgot', async () => {
    await sandbox.control('advance', { ms: 9 * HOUR });
    const range = { kprqq: dayOf(issued[0]!.kprq), kprqz: dayOf(issued[0]!.kprq) };
    expect((await query({ ...range })).data.list[0].fphm).toBe(issued[0]!.fphm);
  });
});
